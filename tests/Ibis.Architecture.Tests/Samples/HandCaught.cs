using System.Text.Json;
using Ibis.Domain;
using Ibis.Server.Api;

namespace Ibis.Architecture.Tests.Samples;

/// <summary>
/// The shapes of a hand-written catch that <see cref="PageRefusalTests"/> must see in a page model, compiled
/// here so the scan is tested against real IL. Read by the test, never run.
/// </summary>
public static class HandCaught
{
    public static async Task<string> Typed(Func<Task> act)
    {
        try
        {
            await act();
            return "";
        }
        catch (ApiException e)
        {
            return e.Code;
        }
    }

    public static async Task<string> Everything(Func<Task> act)
    {
        try
        {
            await act();
            return "";
        }
#pragma warning disable CA1031 // the shape under test
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e.Message;
        }
    }

    public static async Task<string> Filtered(Func<Task> act)
    {
        try
        {
            await act();
            return "";
        }
        catch (Exception e) when (e is BusinessRuleViolationException)
        {
            return e.Message;
        }
    }

    public static async Task<string> NotARefusal(Func<Task<string>> read)
    {
        try
        {
            using var doc = JsonDocument.Parse(await read());
            return doc.RootElement.ToString();
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
