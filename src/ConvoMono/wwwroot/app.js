// Small helpers called from Blazor through IJSRuntime.
window.convomono = {
  copy: async (text) => { await navigator.clipboard.writeText(text); return true; },
};
