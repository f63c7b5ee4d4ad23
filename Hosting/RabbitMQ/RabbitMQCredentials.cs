namespace Lakehouse.Hosting.RabbitMQ;

/// <summary>
/// Checks a user name or password before it goes into rabbitmq.conf and, unescaped, into an <c>amqp://</c> URI:
/// only the characters that need no escaping in either (letters, digits, <c>-._~</c>). Generated passwords always pass.
/// </summary>
internal static class RabbitMQCredentials
{
    public static void Validate(string parameterOrValueName, string value)
    {
        if (value.Length == 0 || value.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '~')))
        {
            throw new DistributedApplicationException(
                $"RabbitMQ {parameterOrValueName} must be non-empty and hold only ASCII letters, digits and '-', '.', '_', '~' " +
                "(it goes unescaped into rabbitmq.conf and the amqp:// connection string).");
        }
    }
}
