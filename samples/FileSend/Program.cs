// Placeholder until the FileSend sample lands; see the issue that names it.
System.Console.WriteLine("FileSend: not written yet");
return 1;
