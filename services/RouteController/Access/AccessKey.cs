using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Lakehouse.RouteController.Access;

/// <summary>
/// The SHA-256 of a server name and the credentials shown for it: what <see cref="AccessDecisionCache"/> is keyed by,
/// so that the cache never holds a credential. A value, hashed without intermediate strings: it is made per request.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct AccessKey(UInt128 First, UInt128 Second)
{
    private const int StackLimit = 512;

    public static AccessKey For(string server, string? cookie, string? token)
    {
        var utf8 = Encoding.UTF8;
        // The fields joined by '\n', which neither a server name nor a cookie header can hold.
        var length = utf8.GetByteCount(server) + utf8.GetByteCount(cookie ?? string.Empty) + utf8.GetByteCount(token ?? string.Empty) + 2;
        byte[]? rented = null;
        Span<byte> bytes = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = utf8.GetBytes(server, bytes);
            bytes[written++] = (byte)'\n';
            written += utf8.GetBytes(cookie ?? string.Empty, bytes[written..]);
            bytes[written++] = (byte)'\n';
            written += utf8.GetBytes(token ?? string.Empty, bytes[written..]);

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], hash);
            return MemoryMarshal.Read<AccessKey>(hash);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented.AsSpan(0, length));
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
