// Program.cs calls AddAccounts()/MapAccounts() without a using line of its own.
global using Policy.Api.Accounts;
global using Policy.Api.Export;
