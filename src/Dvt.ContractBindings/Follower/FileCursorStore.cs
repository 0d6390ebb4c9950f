using System.Data.Common;
using System.Text.Json;

namespace Dvt.ContractBindings.Follower;

/// <summary>
/// Follower state in a small JSON file, replaced atomically (write a temporary file, then rename) on commit.
/// Has no transaction to share: handlers used with it must be idempotent by themselves.
/// </summary>
public sealed class FileCursorStore(string path, int recentBlocksKept = 256) : ICursorStore
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<FollowerCursor?> LoadCursorAsync(CancellationToken ct) => (await ReadAsync(ct).ConfigureAwait(false)).Cursor;

    public async Task<IReadOnlyList<FollowerCursor>> RecentBlocksAsync(CancellationToken ct) =>
        (await ReadAsync(ct).ConfigureAwait(false)).Recent.OrderByDescending(b => b.Number.Value).ToArray();

    public async Task<ICursorBatch> BeginAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var (cursor, recent) = await ReadAsync(ct).ConfigureAwait(false);
            return new Batch(this, cursor, recent);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private async Task<(FollowerCursor? Cursor, List<FollowerCursor> Recent)> ReadAsync(CancellationToken ct)
    {
        if (!File.Exists(path))
            return (null, []);
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false));
        var root = document.RootElement;
        FollowerCursor? cursor = root.TryGetProperty("cursor", out var c) && c.ValueKind == JsonValueKind.Object ? Parse(c) : null;
        var recent = root.GetProperty("recent").EnumerateArray().Select(Parse).ToList();
        return (cursor, recent);
    }

    private static FollowerCursor Parse(JsonElement e) =>
        new(new BlockNumber(e.GetProperty("number").GetUInt64()), Hash32.Parse(e.GetProperty("hash").GetString()!, "hash"));

    private async Task WriteAsync(FollowerCursor? cursor, List<FollowerCursor> recent, CancellationToken ct)
    {
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await using var writer = new Utf8JsonWriter(stream);
            writer.WriteStartObject();
            writer.WritePropertyName("cursor");
            if (cursor is { } value)
                Write(writer, value);
            else
                writer.WriteNullValue();
            writer.WriteStartArray("recent");
            foreach (var block in recent)
                Write(writer, block);
            writer.WriteEndArray();
            writer.WriteEndObject();
            await writer.FlushAsync(ct).ConfigureAwait(false);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static void Write(Utf8JsonWriter writer, FollowerCursor block)
    {
        writer.WriteStartObject();
        writer.WriteNumber("number", block.Number.Value);
        writer.WriteString("hash", block.Hash.ToString());
        writer.WriteEndObject();
    }

    private sealed class Batch(FileCursorStore store, FollowerCursor? cursor, List<FollowerCursor> recent) : ICursorBatch
    {
        public DbTransaction? Transaction => null;

        public Task RecordBlockAsync(FollowerCursor block, CancellationToken ct)
        {
            recent.RemoveAll(b => b.Number == block.Number);
            recent.Add(block);
            recent = recent.OrderByDescending(b => b.Number.Value).Take(store.RecentBlocksKept).ToList();
            return Task.CompletedTask;
        }

        public Task AdvanceAsync(FollowerCursor next, CancellationToken ct)
        {
            cursor = next;
            return Task.CompletedTask;
        }

        public Task RollBackAsync(FollowerCursor? ancestor, CancellationToken ct)
        {
            cursor = ancestor;
            recent.RemoveAll(b => ancestor is null || b.Number > ancestor.Value.Number);
            return Task.CompletedTask;
        }

        public Task CommitAsync(CancellationToken ct) => store.WriteAsync(cursor, recent, ct);

        public ValueTask DisposeAsync()
        {
            store.gate.Release();
            return ValueTask.CompletedTask;
        }
    }

    private int RecentBlocksKept { get; } = recentBlocksKept;
}
