// Program.cs calls AddDecisions()/MapDecisions() without a using line of its own.
global using Policy.Api.Decisions;
