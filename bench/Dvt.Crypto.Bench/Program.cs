using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Dvt.Crypto.Bench;
using Dvt.Crypto.Bls;
using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.Native;
using Dvt.Crypto.ShareEncryption;
using Dvt.Crypto.Threshold;

// Each line: our figure, the raw floor measured in this run, their ratio, and what the floor is.
var total = Stopwatch.StartNew();
var message = SHA256.HashData(Encoding.ASCII.GetBytes("signing root"));
var report = new Report();

Console.WriteLine($"blst: {Path.GetFileName(BlstLibraryResolver.LibraryPath)}; {Environment.ProcessorCount} cores; 10th percentile of individually timed runs");

using var key = BlsSecretKey.Generate();
var secretBytes = new byte[32];
key.WriteBigEndian(secretBytes);
using var raw = new RawBlst(secretBytes, message);
CryptographicOperations.ZeroMemory(secretBytes);
var publicKey = key.PublicKey;
var signature = key.Sign(message);

// Primitive floors, reused below.
var rawSign = Measurement.Microseconds(raw.Sign, 400);
var rawVerify = Measurement.Microseconds(() => raw.Verify(), 300);
var rawG2Mult = Measurement.Microseconds(raw.G2Multiply, 400);
var rawG1Gen = Measurement.Microseconds(raw.G1GeneratorMultiply, 1000);
var rawG1Decode = Measurement.Microseconds(raw.G1DecodeChecked, 1000);
var secpKey = ShareEncryptionKey.Generate();
var secpOther = ShareEncryptionKey.Generate().PublicKey;
var secpScalar = secpKey.Secret();
var rawSecpGen = Measurement.Microseconds(() => Secp256k1.MultiplyGenerator(secpScalar), 1000);
var rawSecpMul = Measurement.Microseconds(() => secpOther.Point.Multiply(secpScalar).Normalize(), 1000);
Console.WriteLine($"primitives: G2 mult {rawG2Mult:F0} us, G1 generator mult {rawG1Gen:F0} us, G1 decode+subgroup {rawG1Decode:F0} us, "
    + $"secp256k1 G mult {rawSecpGen:F0} us, secp256k1 ECDH mult {rawSecpMul:F0} us");
Console.WriteLine();

report.Add("sign", Measurement.Microseconds(() => key.Sign(message), 400), rawSign, "raw blst hash_to_g2 + sign + compress");
report.Add("verify", Measurement.Microseconds(() => publicKey.Verify(message, signature), 300), rawVerify, "raw blst_core_verify_pk_in_g1");

var sets = Enumerable.Range(0, 64).Select(i =>
{
    using var k = BlsSecretKey.Generate();
    var m = SHA256.HashData(BitConverter.GetBytes(i));
    return new BlsSignatureSet(k.PublicKey, m, k.Sign(m));
}).ToList();
var randomScalars = RandomNumberGenerator.GetBytes(64 * 8);
var rawBatch = Measurement.Microseconds(() => raw.BatchVerify(64, randomScalars), 30);
var batch = Measurement.Microseconds(() => BlsAggregation.BatchVerify(sets), 30);
report.Add("batch verify 64", batch, rawBatch, "raw blst pairing API, 64 x mul_n_aggregate + final verify");
report.Add("batch verify 64 vs 64 verifies", batch, 64 * rawVerify, "64 x raw verify (speed-up shown as ratio < 1)");

foreach (var mode in new[] { ValidatorMode.ThreeOfFour, ValidatorMode.FiveOfSeven, ValidatorMode.SevenOfTen, ValidatorMode.NineOfThirteen })
{
    var scheme = ThresholdScheme.For(mode);
    var t = scheme.Threshold;
    using var polynomial = new SecretPolynomial(key.ToScalar(), t);
    var shares = Enumerable.Range(1, scheme.ShareCount)
        .Select(i => new SecretShare(new ShareIndex(i), BlsSecretKey.FromScalar(polynomial.Evaluate(i)))).ToList();
    var partials = shares.Select(s => s.Sign(message)).Reverse().ToList();
    var publicShares = shares.Select(s => s.PublicShare).ToList();
    var combined = Measurement.Microseconds(() => ThresholdSigning.CombineVerified(partials, publicShares, t, publicKey, message), 100);
    report.Add($"combine {scheme} + verify", combined, t * rawG2Mult + rawVerify, $"{t} x raw G2 mult + 1 raw verify");
    var interpolate = Measurement.Microseconds(() => ThresholdSigning.Combine(partials, t), 200);
    report.Add($"combine {scheme}, interpolation only", interpolate, t * rawG2Mult, $"{t} x raw G2 mult");
    foreach (var s in shares)
        s.Dispose();
}

foreach (var mode in new[] { ValidatorMode.ThreeOfFour, ValidatorMode.FiveOfSeven, ValidatorMode.NineOfThirteen })
{
    var scheme = ThresholdScheme.For(mode);
    int t = scheme.Threshold, n = scheme.ShareCount;
    var operators = Enumerable.Range(1, n).Select(_ => ShareEncryptionKey.Generate()).ToList();
    var participants = operators.Select((k, i) => new RoundParticipant((ulong)i + 1, k.PublicKey)).ToList();
    var registry = new byte[20];
    var split = KeyRound.Split(new RoundId(31337, registry, 1, 1), t, 1, participants);

    // Floor of one deal: t commitments, the ephemeral key, n ECDH multiplications.
    var dealFloor = t * rawG1Gen + rawSecpGen + n * rawSecpMul;
    // Floor of one receiver's check of one deal: decode t commitments, one ECDH, g1^share, the committed value (MSM).
    var msmFloor = Measurement.Microseconds(() => raw.G1SmallMsm(t, n), 300);
    var checkFloor = t * rawG1Decode + rawSecpMul + rawG1Gen + msmFloor;

    var splitRound = Measurement.Microseconds(() =>
    {
        var deal = KeyDealer.Deal(split, 1, key);
        var commitments = deal.EncodeCommitments();
        var encrypted = deal.EncodeEncryptedShares();
        for (var j = 0; j < n; j++)
        {
            using var check = ShareReceiver.Check(split, 1, commitments, encrypted, (ulong)j + 1, operators[j]);
            if (!check.Accepted)
                throw new InvalidOperationException(check.Problem);
        }
    }, 60, 5000);
    report.Add($"split round n={n} (deal + {n} checks)", splitRound, dealFloor + n * checkFloor, "raw: t G1 gen mults + ECDHs + per receiver t decodes, ECDH, G1 gen mult, MSM");

    // Reshare: the first t old holders deal their shares of the same key to the same set.
    using var splitPolynomial = new SecretPolynomial(key.ToScalar(), t);
    var oldShares = Enumerable.Range(1, n).Select(i => BlsSecretKey.FromScalar(splitPolynomial.Evaluate(i))).ToList();
    var dealers = Enumerable.Range(0, t).Select(i => new ReshareDealer((ulong)i + 1, new ShareIndex(i + 1), oldShares[i].PublicKey)).ToList();
    var reshare = KeyRound.Reshare(new RoundId(31337, registry, 1, 2), t, publicKey, dealers, participants);
    var reshareRound = Measurement.Microseconds(() =>
    {
        var deals = dealers.Select(d => KeyDealer.Deal(reshare, d.OperatorId, oldShares[d.OldIndex.Value - 1])).ToList();
        var wire = deals.Select(d => (d.EncodeCommitments(), d.EncodeEncryptedShares())).ToList();
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < t; i++)
            {
                using var check = ShareReceiver.Check(reshare, dealers[i].OperatorId, wire[i].Item1, wire[i].Item2, (ulong)j + 1, operators[j]);
                if (!check.Accepted)
                    throw new InvalidOperationException(check.Problem);
            }
        }
    }, 25, 8000);
    report.Add($"reshare round n={n} ({t} deals + {n}x{t} checks)", reshareRound, t * dealFloor + n * t * checkFloor, "same raw floor, t deals");
    foreach (var k in oldShares)
        k.Dispose();
    foreach (var k in operators)
        k.Dispose();
}

report.Print();
Console.WriteLine();
Console.WriteLine($"targets: combine within 1.2x of (t G2 mults + 1 verify); 3-of-4 split round under 10 ms. Total bench time {total.Elapsed.TotalSeconds:F1} s");
secpKey.Dispose();

internal sealed class Report
{
    private readonly List<(string Name, double Ours, double Floor, string FloorWhat)> _rows = [];

    public void Add(string name, double ours, double floor, string floorWhat)
    {
        _rows.Add((name, ours, floor, floorWhat));
        Console.WriteLine($"  measured {name}");
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"{"operation",-44} {"ours",12} {"floor",12} {"ratio",7}  floor is");
        foreach (var (name, ours, floor, what) in _rows)
            Console.WriteLine($"{name,-44} {Format(ours),12} {Format(floor),12} {ours / floor,7:F2}  {what}");
    }

    private static string Format(double us) => us >= 1000 ? $"{us / 1000:F2} ms" : $"{us:F0} us";
}
