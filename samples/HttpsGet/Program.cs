// Placeholder until the HttpsGet sample lands; see the issue that names it.
System.Console.WriteLine("HttpsGet: not written yet");
return 1;
