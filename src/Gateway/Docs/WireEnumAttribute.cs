namespace Canvass.Gateway.Docs;

/// <summary>
/// On a string member read from clients: its valid values are the wire names of <see cref="EnumType"/>. The member
/// stays a string so that a wrong value rejects only its item, with a message, instead of failing the whole body.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WireEnumAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;
}
