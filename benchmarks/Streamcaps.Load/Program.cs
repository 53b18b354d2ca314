// Placeholder until the echo load harness lands (TCP issue).
System.Console.WriteLine("load harness: not written yet");
return 1;
