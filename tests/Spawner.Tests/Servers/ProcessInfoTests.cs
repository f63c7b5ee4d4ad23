using Lakehouse.Spawner.Backends.Local;

namespace Lakehouse.Spawner.Tests.Servers;

public sealed class ProcessInfoTests
{
    [Fact]
    public void ACommandNameWithSpacesAndParentheses_DoesNotShiftTheFields()
    {
        var stat = "4242 (evil) S 1 2 3) R 100 4242 4242 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 987654 0 0\n"u8;

        var info = ProcessInfo.Parse(4242, stat);

        Assert.Equal(new ProcessInfo(4242, 'R', 100, 4242, 4242, 987654), info);
    }

    [Fact]
    public void TheTestProcessItself_IsReadWithItsStartTime()
    {
        var info = ProcessInfo.Read(Environment.ProcessId);

        Assert.NotNull(info);
        Assert.False(info.Value.IsDead);
        Assert.True(info.Value.StartTime > 0);
        Assert.Equal(Environment.ProcessId, info.Value.Pid);
    }

    [Theory]
    [InlineData("4242 (cut) S 1 2 3 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0")]
    [InlineData("4242 (bad) S x 2 3 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 987654 0 0")]
    [InlineData("4242 (bad) S 1 2 3 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 98x654 0 0")]
    [InlineData("4242 no command name")]
    public void AnIncompleteOrGarbledLine_ReadsAsNull(string stat) =>
        Assert.Null(ProcessInfo.Parse(4242, System.Text.Encoding.ASCII.GetBytes(stat)));

    [Fact]
    public void AMissingProcess_ReadsAsNull() => Assert.Null(ProcessInfo.Read(int.MaxValue));
}
