using ChildIndex.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Children;

public sealed class PrintModel(DirectoryApi directory, ChildHandles handles, TimeProvider time) : ChildPageModel(directory, handles)
{
    public DateTimeOffset PrintedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(string handle)
    {
        PrintedAt = time.GetUtcNow();
        return await LoadAsync(handle) ?? Page();
    }
}
