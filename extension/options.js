const api = document.getElementById('api');
chrome.storage.sync.get({ apiBase: 'http://127.0.0.1:8787' }, ({ apiBase }) => { api.value = apiBase; });
document.getElementById('save').addEventListener('click', () => {
  chrome.storage.sync.set({ apiBase: api.value.trim() || 'http://127.0.0.1:8787' }, () => { document.getElementById('saved').textContent = 'Saved'; });
});
