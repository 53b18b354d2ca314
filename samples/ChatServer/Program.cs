// Placeholder until the ChatServer sample lands; see the issue that names it.
System.Console.WriteLine("ChatServer: not written yet");
return 1;
