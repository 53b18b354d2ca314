// Placeholder until the Proxy sample lands; see the issue that names it.
System.Console.WriteLine("Proxy: not written yet");
return 1;
