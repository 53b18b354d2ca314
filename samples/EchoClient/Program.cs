// Placeholder until the EchoClient sample lands; see the issue that names it.
System.Console.WriteLine("EchoClient: not written yet");
return 1;
