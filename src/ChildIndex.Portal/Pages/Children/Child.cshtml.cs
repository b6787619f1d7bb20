using ChildIndex.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Children;

public sealed class ChildModel(DirectoryApi directory, ChildHandles handles) : ChildPageModel(directory, handles)
{
    public async Task<IActionResult> OnGetAsync(string handle) => await LoadAsync(handle) ?? Page();
}
