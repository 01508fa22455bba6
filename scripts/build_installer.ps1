# Builds the one-folder PhòngHọp bundle (dist\phonghop\) on Windows and self-tests it.
#   powershell -ExecutionPolicy Bypass -File scripts\build_installer.ps1
#   powershell -ExecutionPolicy Bypass -File scripts\build_installer.ps1 -Venv C:\phonghop-venv
# Needs Python 3.11+ (the py launcher, or python on PATH) and network access to PyPI the first time.
param(
    [string]$Venv = (Join-Path (Split-Path -Parent $PSScriptRoot) ".venv"),
    [string]$Python = "py"
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root
# Vietnamese in the self-test's report, whatever the console's code page.
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$env:PYTHONIOENCODING = "utf-8"

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed ($LASTEXITCODE)" }
}

$VenvPython = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    Write-Host "Creating the Python environment: $Venv"
    if ($Python -eq "py") { Invoke-Checked "py" @("-3.11", "-m", "venv", $Venv) }
    else { Invoke-Checked $Python @("-m", "venv", $Venv) }
}
# The program (once: a development venv has it already) and PyInstaller, the `installer` extra.
& $VenvPython -c "import importlib.metadata as m; m.version('phonghop')" 2>$null
if ($LASTEXITCODE -ne 0) { Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "-e", $Root) }
Invoke-Checked $VenvPython @("-m", "pip", "install", "--quiet", "pyinstaller>=6.10")

Write-Host "Building PhongHop into dist\phonghop\ ..."
$Watch = [System.Diagnostics.Stopwatch]::StartNew()
Invoke-Checked $VenvPython @("-m", "PyInstaller", "--noconfirm", "--clean",
    "--distpath", (Join-Path $Root "dist"), "--workpath", (Join-Path $Root "build"), "build_installer.spec")
$Bundle = Join-Path $Root "dist\phonghop"
$Size = (Get-ChildItem $Bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("Built in {0:N0} s; {1:N0} MB in dist\phonghop\." -f $Watch.Elapsed.TotalSeconds, $Size)

# The bundle is only good if it runs.
Invoke-Checked (Join-Path $Bundle "phonghop.exe") @("selftest")
