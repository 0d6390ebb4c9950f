using Dvt.Crypto.Keystores.KeyDerivation;

namespace Dvt.Crypto.Tests.Keystores;

public sealed class KeyPathTests
{
    [Theory]
    [InlineData("m", new uint[0])]
    [InlineData("m/12381/3600/0/0/0", new uint[] { 12381, 3600, 0, 0, 0 })]
    [InlineData("m/12381/60/3141592653/589793238", new uint[] { 12381, 60, 3141592653, 589793238 })]
    [InlineData("m/4294967295", new uint[] { 4294967295 })]
    public void Valid_paths_parse_and_print_back(string text, uint[] indices)
    {
        var path = KeyPath.Parse(text);
        Assert.Equal(indices, path.Indices);
        Assert.Equal(text, path.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("12381/3600")]
    [InlineData("m/")]
    [InlineData("m//1")]
    [InlineData("m/-1")]
    [InlineData("m/+1")]
    [InlineData("m/4294967296")]
    [InlineData("m/1'")]
    [InlineData("M/1")]
    public void Invalid_paths_are_refused(string text) => Assert.Throws<FormatException>(() => KeyPath.Parse(text));

    [Fact]
    public void Eip2334_validator_paths()
    {
        Assert.Equal("m/12381/3600/7/0/0", KeyPath.ValidatorSigning(7).ToString());
        Assert.Equal("m/12381/3600/7/0", KeyPath.ValidatorWithdrawal(7).ToString());
        Assert.Equal(KeyPath.Parse("m/12381/3600/7/0/0"), KeyPath.ValidatorSigning(7));
    }
}
