using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Input;

/// <summary>
/// One request read from a file. <paramref name="Row"/> says where it came from: the line a CSV
/// row starts on (the header is line 1), or a JSON array element's position counting from 1.
/// </summary>
public sealed record RegistrationItem(int Row, RegisterChildRequest Request);
