// Placeholder until the EchoServer sample lands; see the issue that names it.
System.Console.WriteLine("EchoServer: not written yet");
return 1;
