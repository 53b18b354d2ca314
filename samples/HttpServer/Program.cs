// Placeholder until the HttpServer sample lands; see the issue that names it.
System.Console.WriteLine("HttpServer: not written yet");
return 1;
