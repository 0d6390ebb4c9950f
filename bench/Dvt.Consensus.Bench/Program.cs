using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Dvt.Consensus;
using Dvt.Consensus.Signing;
using Dvt.Consensus.Signing.Web3Signer;

// Parse + signing root of real Lodestar request bodies, beside the raw floor measured in the same run:
// JsonDocument.Parse of the same body plus the minimum number of 64-byte SHA-256 hashes SSZ needs for
// that root (counted per type below). Ratio = ours / floor. 10th percentile of individually timed runs
// (the machine is shared; a low percentile measures the work, not the neighbours).
// Usage: Dvt.Consensus.Bench [REQUEST_EXAMPLES_FOLDER]
var folder = args.Length > 0 ? args[0] : Path.Combine(RepoRoot(), "..", "shared", "interop", "lodestar", "request-examples");
if (!Directory.Exists(folder))
{
    Console.Error.WriteLine($"request examples not found at {folder}");
    return 1;
}

// Minimum SHA-256 calls (64-byte input) per root: the container trees (ceil(width/2) per level), byte vectors
// over 32 bytes, list length mix-ins, then ForkData (1) and SigningData (1).
var cases = new (string File, int Hashes, string How)[]
{
    ("RANDAO_REVEAL.json", 2, "fork data 1 + signing data 1"),
    ("AGGREGATION_SLOT.json", 2, "fork data 1 + signing data 1"),
    ("SYNC_COMMITTEE_MESSAGE.json", 2, "fork data 1 + signing data 1"),
    ("SYNC_COMMITTEE_SELECTION_PROOF.json", 3, "selection data 1 + 2"),
    ("BLOCK_V2.BELLATRIX.json", 8, "header 6 + 2"),
    ("ATTESTATION.json", 10, "checkpoints 2 + data 6 + 2"),
    ("SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF.json", 17, "contribution 9 + proof 3 + container 3 + 2"),
    ("AGGREGATE_AND_PROOF.json", 26, "attestation 18 + proof 3 + container 3 + 2"),
    ("BLOCK_V2.ALTAIR.json", 34, "altair body 26 + header 6 + 2"),
};

var roots = new SigningRoots(ConsensusPreset.Minimal);
var pair = new byte[64];
var digest = new byte[32];
Console.WriteLine($"Dvt.Consensus bench: parse + signing root of Lodestar request bodies; {Environment.ProcessorCount} cores");
Console.WriteLine($"{"request",-42} {"ours us",8} {"floor us",9} {"ratio",6}  floor = JSON parse + N x sha256(64 B)");
var total = Stopwatch.StartNew();
foreach (var (file, hashes, how) in cases)
{
    var path = Path.Combine(folder, file);
    if (!File.Exists(path))
    {
        Console.WriteLine($"{file,-42} missing");
        continue;
    }
    using var document = JsonDocument.Parse(File.ReadAllBytes(path));
    var body = JsonSerializer.SerializeToUtf8Bytes(document.RootElement.GetProperty("body"));
    var check = SignRequestParser.Parse(body, ConsensusPreset.Minimal);
    if (!check.ClaimMatches(check.ComputeSigningRoot(roots)))
        throw new InvalidOperationException($"{file}: computed signing root differs from the claimed one");

    var ours = Microseconds(() => SignRequestParser.Parse(body, ConsensusPreset.Minimal).ComputeSigningRoot(roots));
    var floor = Microseconds(() =>
    {
        using (JsonDocument.Parse(body))
        {
        }
        for (var i = 0; i < hashes; i++)
            SHA256.HashData(pair, digest);
    });
    Console.WriteLine($"{Path.GetFileNameWithoutExtension(file),-42} {ours,8:F1} {floor,9:F1} {ours / floor,6:F2}  N = {hashes} ({how})");
}
Console.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s");
return 0;

static double Microseconds(Action operation, int iterations = 20000, double budgetMs = 1500)
{
    for (var i = 0; i < 500; i++)
        operation();
    var samples = new List<double>(iterations);
    var budget = Stopwatch.StartNew();
    for (var i = 0; i < iterations && (samples.Count < 50 || budget.Elapsed.TotalMilliseconds < budgetMs); i++)
    {
        var start = Stopwatch.GetTimestamp();
        operation();
        samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
    }
    samples.Sort();
    return samples[samples.Count / 10];
}

static string RepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Dvt.sln")))
            return dir.FullName;
    }
    throw new InvalidOperationException($"no Dvt.sln above {AppContext.BaseDirectory}");
}
