using Policy.Core.Accounts;

namespace Policy.Core.Tests.Accounts;

/// <summary>The custody field holds a reference into the password manager, never a password.</summary>
public sealed class AccessReferenceAccountTests
{
    [Theory]
    [InlineData("1Password: Vault Social / Item LinkedIn Acme")]
    [InlineData("vault://social/linkedin-acme")]
    [InlineData("op://Social/LinkedIn Acme/password")]
    [InlineData("op://social/k3j4h5g6f7d8s9a0qwertyuiop")]
    [InlineData("KeePass > Marketing > X @acme_de")]
    [InlineData("Bitwarden Organisation Acme / Sammlung Social / Instagram")]
    [InlineData("https://acme.1password.eu/vaults/social/items/abc123")]
    [InlineData("Passwortmanager: Tresor Vertrieb, Eintrag Xing Müller")]
    [InlineData(null)]
    [InlineData("")]
    public void References_pass(string? value) => Assert.Null(AccessReference.Problem(value));

    [Theory]
    [InlineData("Sonne123!")]
    [InlineData("hunter2")]
    [InlineData("xK9#mP2$qL")]
    [InlineData("pw: Sonne123!")]
    [InlineData("Passwort: Blaubeere#77")]
    [InlineData("Das Passwort lautet Blaubeere#77")]
    [InlineData("Vault Social / Sommer2024!")]
    [InlineData("https://max:S3cr3t!x@vault.acme.de/social")]
    [InlineData("ghp_0123456789abcdefghijklmnopqrstuvwxyz")]
    [InlineData("vault://social/x Blaubeere#77")]
    [InlineData("op://social/linkedin?password=Sommer2024")]
    [InlineData("vault://social/linkedin#Sommer2024")]
    public void Passwords_are_refused(string value)
    {
        var problem = AccessReference.Problem(value);
        Assert.NotNull(problem);
        // The message never repeats the secret.
        Assert.DoesNotContain(value.Trim(), problem, StringComparison.Ordinal);
    }
}
