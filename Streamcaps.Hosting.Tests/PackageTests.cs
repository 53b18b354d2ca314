using System.IO.Compression;
using System.Xml.Linq;
using Streamcaps.Tests.Support;

namespace Streamcaps.Hosting.Tests;

/// <summary>What `dotnet pack` makes of each library, checked from the packages themselves: the nuspec fields a
/// registry shows, the readme, the assembly for net10.0 with its docs, and the symbol package. Packs from the
/// build this test run made (no build, same configuration), so it costs seconds.</summary>
public class PackageTests
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData("Streamcaps.Core")]
    [InlineData("Streamcaps.Net")]
    [InlineData("Streamcaps.Hosting")]
    [InlineData("Streamcaps.Testing")]
    public async Task Pack_makes_a_publishable_package_with_readme_license_symbols_and_repository(string project)
    {
        using var output = new TempDirectory();
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var pack = await ToolProcess.RunAsync("dotnet",
            ["pack", Path.Combine(root, project, project + ".csproj"), "-c", configuration, "--no-build", "--no-restore", "-o", output.Path, "-nologo"],
            timeout: PackTimeout);
        Assert.True(pack.ExitCode == 0, $"dotnet pack {project} failed:\n{System.Text.Encoding.UTF8.GetString(pack.Output)}\n{pack.Errors}");

        var package = Assert.Single(Directory.GetFiles(output.Path, $"{project}.*.nupkg"));
        var symbols = Assert.Single(Directory.GetFiles(output.Path, $"{project}.*.snupkg"));
        using (var nupkg = ZipFile.OpenRead(package))
        {
            var files = nupkg.Entries.Select(e => e.FullName).ToList();
            Assert.Contains($"lib/net10.0/{project}.dll", files);
            Assert.Contains($"lib/net10.0/{project}.xml", files);
            Assert.Contains("README.md", files);

            using var nuspecStream = nupkg.GetEntry($"{project}.nuspec")!.Open();
            var nuspec = XDocument.Load(nuspecStream).Root!;
            XNamespace ns = nuspec.Name.Namespace;
            var metadata = nuspec.Element(ns + "metadata")!;
            Assert.Equal(project, metadata.Element(ns + "id")!.Value);
            Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
            Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")!.Value));
            Assert.Contains("streamcaps", metadata.Element(ns + "tags")!.Value, StringComparison.Ordinal);
            Assert.StartsWith("https://", metadata.Element(ns + "repository")!.Attribute("url")!.Value, StringComparison.Ordinal);
            Assert.Equal(Version(root), metadata.Element(ns + "version")!.Value);
        }

        using var snupkg = ZipFile.OpenRead(symbols);
        Assert.Contains($"lib/net10.0/{project}.pdb", snupkg.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task The_cli_packs_as_a_dotnet_tool_that_installs_as_the_streamcaps_command()
    {
        using var output = new TempDirectory();
        using var tools = new TempDirectory();
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var pack = await ToolProcess.RunAsync("dotnet",
            ["pack", Path.Combine(root, "tools", "Streamcaps.Cli", "Streamcaps.Cli.csproj"), "-c", configuration, "--no-build", "--no-restore", "-o", output.Path, "-nologo"],
            timeout: PackTimeout);
        Assert.True(pack.ExitCode == 0, $"dotnet pack of the CLI failed:\n{System.Text.Encoding.UTF8.GetString(pack.Output)}\n{pack.Errors}");
        Assert.Single(Directory.GetFiles(output.Path, "streamcaps.*.nupkg"));

        // What the README says, into a folder of the test's own instead of the user's global tools.
        var install = await ToolProcess.RunAsync("dotnet",
            ["tool", "install", "streamcaps", "--tool-path", tools.Path, "--add-source", output.Path], timeout: PackTimeout);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{System.Text.Encoding.UTF8.GetString(install.Output)}\n{install.Errors}");
        var help = await ToolProcess.RunAsync(Path.Combine(tools.Path, "streamcaps"), ["--help"]);

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Exit codes:", System.Text.Encoding.UTF8.GetString(help.Output), StringComparison.Ordinal);
    }

    /// <summary>The one version every package carries, from Directory.Build.props.</summary>
    private static string Version(string root) =>
        XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Streamcaps.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No Streamcaps.sln above {AppContext.BaseDirectory}.");
    }
}
