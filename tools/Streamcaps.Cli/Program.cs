using System.CommandLine;
var root = new RootCommand("x");
var a = new Argument<string>("first");
root.Arguments.Add(a);
var o = new Option<int>("--lines") { Description = "d" };
root.Options.Add(o);
root.SetAction(async (ParseResult r, CancellationToken ct) => { await Task.Yield(); return r.GetValue(o); });
return await root.Parse(args).InvokeAsync();
