using CsCheck;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

public sealed class SigningTests
{
    private static readonly string Key0 = AnvilProcess.DefaultPrivateKeys[0];

    [Fact]
    public void Anvil_key_zero_has_its_well_known_address()
    {
        using var key = EthereumPrivateKey.FromHex(Key0);
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", key.Address.ToString());
        Assert.DoesNotContain(Key0[2..], key.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Signatures_are_low_s_and_recover_the_signer()
    {
        using var key = EthereumPrivateKey.FromHex(Key0);
        var halfOrder = Secp256k1.Order >> 1;
        Gen.Byte.Array[32].Sample(hash =>
        {
            var signature = key.Sign(hash);
            Assert.True(signature.S.Value <= halfOrder, "s must be in the lower half of the order");
            Assert.Equal(key.Address, Secp256k1.Recover(hash, signature));
        }, iter: 200);
    }

    [Theory]
    [InlineData(0UL, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "5", "0x")]
    [InlineData(7UL, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0", "0xdeadbeef")]
    [InlineData(300UL, "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "1000000000000000000", "0x00")]
    public async Task Signed_eip1559_transactions_equal_casts_bytes(ulong nonce, string to, string value, string data)
    {
        using var key = EthereumPrivateKey.FromHex(Key0);
        var tx = new Eip1559Transaction(31337, nonce, UInt256.Gwei(1), UInt256.Gwei(3), 100_000, Address.Parse(to),
            new UInt256(System.Numerics.BigInteger.Parse(value, System.Globalization.CultureInfo.InvariantCulture)), Hex.DecodeData(data));
        var signed = tx.Sign(key);
        var castArguments = new List<string>
        {
            "mktx", "--private-key", Key0, "--chain", "31337", "--nonce", nonce.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gas-limit", "100000", "--priority-gas-price", "1gwei", "--gas-price", "3gwei", to, "--value", value,
        };
        if (data != "0x")
            castArguments.AddRange(["--", data]);
        var cast = await ToolRunner.RunAsync("cast", castArguments);
        Assert.Equal(cast, Hex.Encode(signed.Raw));
        var decoded = Eip1559Transaction.DecodeSigned(signed.Raw);
        Assert.Equal(key.Address, decoded.RecoverSender());
        Assert.Equal(tx.Nonce, decoded.Transaction.Nonce);
        Assert.Equal(tx.Data, decoded.Transaction.Data);
    }

    [Fact]
    public async Task A_key_whose_first_byte_is_zero_signs_as_cast_does()
    {
        // Nethereum passes such a secret on as 31 bytes and NBitcoin refuses it (one generated key in 256).
        const string leadingZero = "0x00b7e3a5b2f9c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";
        using var key = EthereumPrivateKey.FromHex(leadingZero);
        var tx = new Eip1559Transaction(31337, 3, UInt256.Gwei(1), UInt256.Gwei(3), 21_000, Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
            new UInt256(5), []);
        var signed = tx.Sign(key);
        var cast = await ToolRunner.RunAsync("cast", ["mktx", "--private-key", leadingZero, "--chain", "31337", "--nonce", "3", "--gas-limit", "21000",
            "--priority-gas-price", "1gwei", "--gas-price", "3gwei", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "--value", "5"]);
        Assert.Equal(cast, Hex.Encode(signed.Raw));
        Assert.Equal(key.Address, Eip1559Transaction.DecodeSigned(signed.Raw).RecoverSender());
        var halfOrder = Secp256k1.Order >> 1;
        Gen.Byte.Array[32].Sample(hash =>
        {
            var signature = key.Sign(hash);
            Assert.True(signature.S.Value <= halfOrder, "s must be in the lower half of the order");
            Assert.Equal(key.Address, Secp256k1.Recover(hash, signature));
        }, iter: 100);
    }

    [Fact]
    public void Decoding_refuses_a_legacy_transaction()
    {
        Assert.Throws<TransactionFormatException>(() => Eip1559Transaction.DecodeSigned(Hex.DecodeData("0xf86c808504a817c800825208")));
    }

    [Fact]
    public void A_disposed_key_refuses_to_sign()
    {
        var key = EthereumPrivateKey.FromHex(Key0);
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Sign(new byte[32]));
        Assert.Throws<ObjectDisposedException>(() => key.ExportSecret());
    }

    [Fact]
    public void Keys_refuse_zero_and_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => new EthereumPrivateKey(new byte[32]));
        Assert.Throws<ArgumentException>(() => new EthereumPrivateKey(new byte[31]));
        var order = Secp256k1.Order.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.Throws<ArgumentException>(() => new EthereumPrivateKey(order));
    }

    private static readonly Gen<Eip1559Transaction> Transactions =
        Gen.Select(Gen.ULong, Gen.ULong, Gen.Byte.Array[0, 32], Gen.Byte.Array[0, 32], Gen.ULong, Gen.Byte.Array[20], Gen.Bool, Gen.Byte.Array[0, 200])
            .Select(t => new Eip1559Transaction(t.Item1, t.Item2, UInt256.FromBigEndian(t.Item3), UInt256.FromBigEndian(t.Item4), t.Item5,
                t.Item7 ? new Address(t.Item6) : null, UInt256.FromBigEndian(t.Item3), t.Item8));

    [Fact]
    public void Random_transactions_round_trip_through_rlp_and_recover_their_sender()
    {
        using var key = EthereumPrivateKey.FromHex(Key0);
        Transactions.Sample(tx =>
        {
            var signed = tx.Sign(key);
            var decoded = Eip1559Transaction.DecodeSigned(signed.Raw);
            Assert.Equal(tx with { Data = decoded.Transaction.Data }, decoded.Transaction);
            Assert.Equal(tx.Data, decoded.Transaction.Data);
            Assert.Equal(signed.Signature, decoded.Signature);
            Assert.Equal(key.Address, decoded.RecoverSender());
        }, iter: 300);
    }
}
