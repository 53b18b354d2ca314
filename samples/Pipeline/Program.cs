// Placeholder until the Pipeline sample lands; see the issue that names it.
System.Console.WriteLine("Pipeline: not written yet");
return 1;
