#!/usr/bin/env pwsh
# Build, test and pack for PowerShell users; the same steps as .ci/run (which also installs the real
# clients the tests drive: nc, openssl, curl — install them yourself on Windows or macOS).
param(
    [ValidateSet('build', 'test', 'pack', 'all')]
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
