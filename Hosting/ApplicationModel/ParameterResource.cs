namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>How a parameter that was not given gets a value.</summary>
public abstract record ParameterDefault;

/// <summary>A random value, generated once and kept in the state folder (manifest: <c>default.generate</c>).</summary>
public sealed record GenerateParameterDefault(int MinLength = 22, bool Lower = true, bool Upper = true, bool Numeric = true, bool Special = false)
    : ParameterDefault;

/// <summary>A fixed value (manifest: <c>default.value</c>).</summary>
public sealed record ConstantParameterDefault(string Value) : ParameterDefault;

/// <summary>A value from configuration <c>Parameters:{name}</c>; secret ones are never logged.</summary>
public sealed class ParameterResource : Resource, IManifestExpressionProvider, IValueProvider
{
    private readonly Lazy<string?> _value;

    public ParameterResource(string name, Func<ParameterResource, string?> resolveValue, bool secret, ParameterDefault? @default)
        : base(name)
    {
        // PublicationOnly: a failure (a locked or unreadable state file) is not cached for the rest of the run.
        _value = new(() => resolveValue(this), LazyThreadSafetyMode.PublicationOnly);
        Secret = secret;
        Default = @default;
    }

    public bool Secret { get; }

    public ParameterDefault? Default { get; }

    /// <summary>Whether a value can be had without failing: given, defaulted or generated.</summary>
    public bool HasValue => _value.Value is not null;

    public string ValueExpression => $"{{{Name}.value}}";

    /// <summary>The run-mode value. Throws with the configuration key to set when there is none.</summary>
    public string Value => _value.Value
        ?? throw new MissingParameterValueException(Name);

    public ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<string?>(Value);
}

public sealed class MissingParameterValueException(string parameterName)
    : InvalidOperationException($"Parameter '{parameterName}' has no value: set configuration 'Parameters:{parameterName}' (environment 'Parameters__{parameterName}').")
{
    public string ParameterName { get; } = parameterName;
}
