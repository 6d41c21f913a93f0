using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// Marks a rate or money field (<c>rate</c>, <c>rate_type</c>, <c>total_amount</c>, <c>currency</c>): conventions.md 2.2
/// omits these keys unless the caller may see rates. The record carrying it implements <see cref="IRateFields"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RateFieldAttribute : Attribute;

/// <summary>A response record with <see cref="RateFieldAttribute"/> fields; the handler sets whether this caller sees them.</summary>
public interface IRateFields
{
    /// <summary>True: the rate fields are written, null included. False: their keys are left out. Never written itself.</summary>
    bool RatesVisible { get; }
}

/// <summary>
/// The one rule for response keys: every field is written, null included, except <see cref="RateFieldAttribute"/>
/// fields of a record whose <see cref="IRateFields.RatesVisible"/> is false, which are left out.
/// </summary>
public static class RateFields
{
    public static void Modifier(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object || !typeof(IRateFields).IsAssignableFrom(type.Type)) return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
        {
            var property = type.Properties[i];
            if ((property.AttributeProvider as PropertyInfo)?.Name == nameof(IRateFields.RatesVisible)) type.Properties.RemoveAt(i);
            else if (property.AttributeProvider?.IsDefined(typeof(RateFieldAttribute), inherit: true) == true)
                property.ShouldSerialize = static (record, _) => ((IRateFields)record).RatesVisible;
        }
    }
}
