namespace Ibis.Domain;

/// <summary>
/// Marks a status enum whose values are stored and sent as their lower_snake_case text
/// (<c>InService</c> ↔ <c>"in_service"</c>): the database column stays text, readable in SQL and in
/// a backup, and a renumbered member can never change what a stored row means. The data layer maps
/// every enum so marked through <see cref="EnumText{TEnum}"/>; the JSON options of the API and the
/// command line do the same with <see cref="EnumTextJsonConverterFactory"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Enum)]
public sealed class StoredAsTextAttribute : Attribute;
