using Lakehouse.Hosting;
using Lakehouse.Ldap.Tests.Infrastructure;

namespace Lakehouse.Ldap.Tests.OpenLdap;

[CollectionDefinition(nameof(ConsoleOutput), DisableParallelization = true)]
public sealed class ConsoleOutput;

/// <summary>The generated demo password reaches the console once, so a new user can log in. These tests own the console.</summary>
[Collection(nameof(ConsoleOutput))]
public sealed class OpenLdapDemoPasswordTests
{
    private static CancellationToken CancellationToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_generated_demo_password_is_printed_once_per_run_and_kept_for_the_next_run()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run);
        var ldap = builder.AddOpenLdap("ldap").Resource;

        var printed = await CaptureConsoleAsync(async () =>
        {
            await ResourceProcess.RunBeforeStartAsync(ldap, builder.ExecutionContext, CancellationToken);
            // A restart of the resource within the same AppHost run does not print it again.
            await ResourceProcess.RunBeforeStartAsync(ldap, builder.ExecutionContext, CancellationToken);
        });

        var password = ldap.DemoPasswordParameter.Value;
        Assert.True(password.Length >= 16, "a generated password is long");
        var line = Assert.Single(printed.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(password, line, StringComparison.Ordinal);
        Assert.Contains("alice, bob, admin", line, StringComparison.Ordinal);

        // The next AppHost run reuses the value kept in the state folder.
        var next = state.CreateBuilder(DistributedApplicationOperation.Run).AddOpenLdap("ldap").Resource;
        Assert.Equal(password, next.DemoPasswordParameter.Value);
    }

    [Fact]
    public async Task A_demo_password_given_by_the_user_is_not_printed()
    {
        using var state = new TemporaryStateDirectory();
        var builder = state.CreateBuilder(DistributedApplicationOperation.Run, "--Parameters:demo-password=chosen-by-me");
        var ldap = builder.AddOpenLdap("ldap").Resource;

        var printed = await CaptureConsoleAsync(() => ResourceProcess.RunBeforeStartAsync(ldap, builder.ExecutionContext, CancellationToken));

        Assert.Equal("chosen-by-me", ldap.DemoPasswordParameter.Value);
        Assert.DoesNotContain("chosen-by-me", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_seeded_with_another_password_says_so_instead_of_printing_one_that_would_not_work()
    {
        using var state = new TemporaryStateDirectory();
        var first = state.CreateBuilder(DistributedApplicationOperation.Run, "--Parameters:demo-password=the-first-one");
        var firstLdap = first.AddOpenLdap("ldap").Resource;
        await CaptureConsoleAsync(() => ResourceProcess.RunBeforeStartAsync(firstLdap, first.ExecutionContext, CancellationToken));

        // The parameter is gone (say parameters.json was deleted): a new password is generated, the data stays.
        var second = state.CreateBuilder(DistributedApplicationOperation.Run);
        var secondLdap = second.AddOpenLdap("ldap").Resource;
        var printed = await CaptureConsoleAsync(() => ResourceProcess.RunBeforeStartAsync(secondLdap, second.ExecutionContext, CancellationToken));

        Assert.Contains("another password than parameter 'demo-password'", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(secondLdap.DemoPasswordParameter.Value, printed, StringComparison.Ordinal);

        // The same password as the seed: nothing to say when it was given by the user.
        var third = state.CreateBuilder(DistributedApplicationOperation.Run, "--Parameters:demo-password=the-first-one");
        var thirdLdap = third.AddOpenLdap("ldap").Resource;
        Assert.Empty(await CaptureConsoleAsync(() => ResourceProcess.RunBeforeStartAsync(thirdLdap, third.ExecutionContext, CancellationToken)));
    }

    private static async Task<string> CaptureConsoleAsync(Func<Task> action)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            await action();
        }
        finally
        {
            Console.SetOut(original);
        }

        return captured.ToString();
    }
}
