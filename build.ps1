#!/usr/bin/env pwsh
# Build, test and pack for PowerShell users; the same steps as .ci/run (which also installs the real
# clients the tests drive: nc, openssl, curl — install them yourself on Windows or macOS).
# `./build.ps1 -Target publicapi` regenerates the PublicAPI.*.txt files after public API was added (see below).
param(
    [ValidateSet('build', 'test', 'pack', 'all', 'publicapi')]
    [string] $Target = 'all',
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Step([string] $Name, [scriptblock] $Step) {
    Write-Host "==> $Name"
    & $Step
    if ($LASTEXITCODE -ne 0) { throw "$Name failed with exit code $LASTEXITCODE" }
}

if ($Target -in 'build', 'all') { Invoke-Step 'build' { dotnet build Streamcaps.sln -c $Configuration } }
if ($Target -in 'test', 'all') { Invoke-Step 'test' { dotnet test Streamcaps.sln -c $Configuration --blame-hang-timeout 4m } }
if ($Target -in 'pack', 'all') { Invoke-Step 'pack' { dotnet pack Streamcaps.sln -c $Configuration -o artifacts } }
# The packages' contents (nuspec fields, readme, lib/net10.0, snupkg) are checked by Streamcaps.Hosting.Tests'
# PackageTests, which the test step runs.

# Public API tracking (PublicApiAnalyzers): a public member missing from PublicAPI.Unshipped.txt fails the build
# with RS0016. After adding public API (or merging work that did), run this for every tracked project, then
# review the diff; a removed member (RS0017) is deleted from the file by hand. The one command, per project:
#   dotnet format analyzers <Project>/<Project>.csproj --diagnostics RS0016 --severity warn
# Its code fix skips members of C# 14 extension blocks; tools/public-api.sh (bash) adds every member the build
# reports, those included.
if ($Target -eq 'publicapi') {
    foreach ($shipped in Get-ChildItem -Path . -Filter PublicAPI.Shipped.txt -Recurse -Depth 1) {
        $project = Get-ChildItem -Path $shipped.DirectoryName -Filter *.csproj | Select-Object -First 1
        Invoke-Step "public API of $($project.BaseName)" { dotnet format analyzers $project.FullName --diagnostics RS0016 --severity warn }
    }
}
