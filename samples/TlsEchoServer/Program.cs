// Placeholder until the TlsEchoServer sample lands; see the issue that names it.
System.Console.WriteLine("TlsEchoServer: not written yet");
return 1;
