using System.Xml.Linq;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Security.Fields;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ibis.Server.Hosting;

/// <summary>
/// The portal's Data Protection key ring (it signs and encrypts session cookies and antiforgery
/// tokens) lives in the database, so every node behind a load balancer reads the same ring, and each
/// key's material is encrypted with AES-256-GCM under the key-encryption key: whoever reads the
/// database or a backup, but not the key-encryption key, cannot forge a portal session.
/// </summary>
public static class DataProtectionKeyRing
{
    public const string Context = "data-protection/key-ring";

    public static void AddDataProtectionKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Ibis");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>());
            o.XmlEncryptor = new KekXmlEncryptor(sp.GetRequiredService<FieldProtector>());
        }));
    }

    /// <summary>Keys as rows of <c>data_protection_keys</c>, read and written in a scope of their own.</summary>
    private sealed class DatabaseXmlRepository(IServiceScopeFactory scopes) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
            return db.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).AsEnumerable().Select(k => XElement.Parse(k.Xml)).ToList();
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
            db.DataProtectionKeys.Add(new DataProtectionKeyRow { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            db.SaveChanges();
        }
    }
}

/// <summary>Encrypts a key's secret element under the key-encryption key (the field protector's AES-256-GCM).</summary>
internal sealed class KekXmlEncryptor(FieldProtector fields) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var blob = fields.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting), DataProtectionKeyRing.Context);
        return new EncryptedXmlInfo(
            new XElement("encryptedKey", new XComment(" AES-256-GCM under the Ibis key-encryption key "), new XElement("value", Convert.ToBase64String(blob))),
            typeof(KekXmlDecryptor));
    }
}

/// <summary>Decrypts what <see cref="KekXmlEncryptor"/> wrote; Data Protection creates it with the service provider.</summary>
internal sealed class KekXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var blob = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? throw new FormatException("an encrypted key has no value"));
        return XElement.Parse(services.GetRequiredService<FieldProtector>().Unprotect(blob, DataProtectionKeyRing.Context));
    }
}
