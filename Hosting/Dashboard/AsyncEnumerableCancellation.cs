using System.Runtime.CompilerServices;

namespace Lakehouse.Hosting.Dashboard;

internal static class AsyncEnumerableCancellation
{
    /// <summary>Ends the sequence quietly when <paramref name="cancellationToken"/> is cancelled, instead of throwing:
    /// a closed browser tab or a stopping dashboard is the normal end of an event stream, not an error.</summary>
    public static async IAsyncEnumerable<T> EndOnCancellation<T>(this IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = source.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool moved;
            try
            {
                moved = await enumerator.MoveNextAsync();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            if (!moved)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }
}
