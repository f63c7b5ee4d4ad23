using Lakehouse.Spawner.Backends.Local;

namespace Lakehouse.Spawner.Tests.Servers;

public sealed class ProcessInfoTests
{
    [Fact]
    public void ACommandNameWithSpacesAndParentheses_DoesNotShiftTheFields()
    {
        const string stat = "4242 (evil) S 1 2 3) R 100 4242 4242 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 987654 0 0";

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

    [Fact]
    public void AMissingProcess_ReadsAsNull() => Assert.Null(ProcessInfo.Read(int.MaxValue));
}
