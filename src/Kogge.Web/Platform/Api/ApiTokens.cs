using System.Security.Cryptography;
using System.Text;

namespace Kogge.Web.Platform.Api;

/// <summary>Creates and hashes service-account tokens of the form <c>kg_</c> + 43 URL-safe characters.</summary>
public static class ApiTokens
{
    public const string Prefix = "kg_";

    public static string Create() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string Display(string token) => token[..Math.Min(token.Length, 10)];
}
