// The build: ./build.sh --target=<Target> (or: dotnet tool restore && dotnet cake --target=<Target>).
//   NativeRestore  npm ci for the native libraries (llama.cpp, sqlite-vec); --cuda adds the CUDA build
//   Restore        NativeRestore + dotnet restore
//   Build          compile the solution (--configuration=Release by default)
//   Publish        self-contained server for this platform in artifacts/server/ (executable artifacts/server/codeimprove)
//   Test           every test project; end-to-end tests run against the published executable
//   BuildCuda      compile libggml-cuda.so for the local GPU with the machine's nvcc (needs --cuda)
//   Default        Test (which builds and publishes first)

var target = Argument("target", "Default");
var configuration = Argument("configuration", "Release");
var cuda = HasArgument("cuda");
var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var serverOut = artifacts.Combine("server");
var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;

void Npm(DirectoryPath folder, string arguments)
{
    var npm = IsRunningOnWindows() ? "npm.cmd" : "npm";
    var exit = StartProcess(npm, new ProcessSettings { Arguments = arguments, WorkingDirectory = folder });
    if (exit != 0) throw new Exception($"npm {arguments} failed in {folder} (exit {exit})");
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

Task("Test").IsDependentOn("Publish").Does(() =>
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
    // Plain Console output: Cake colours the numbers in Information(), and CI reads this line as it is.
    Console.WriteLine($"{passed} passed, {failures} failed, {skipped} skipped");
    if (failed || failures > 0) throw new Exception("Tests failed.");
});

Task("Default").IsDependentOn("Test");

RunTarget(target);
