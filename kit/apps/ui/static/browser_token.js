// Keeps the trainee's random token in localStorage (see kit/apps/browser_token.py).
const KEY = "kit407-trainee-token";

function publish(model) {
  let token = "";
  try { token = window.localStorage.getItem(KEY) || ""; } catch (e) { token = ""; }
  model.set("stored", token);
  model.set("ready", true);
  model.save_changes();
}

export default {
  initialize({ model }) {
    model.on("change:issued", () => {
      const token = model.get("issued");
      try {
        if (token) { window.localStorage.setItem(KEY, token); }
        else { window.localStorage.removeItem(KEY); }
      } catch (e) { /* private browsing: the PIN still lets the trainee resume */ }
    });
  },
  render({ model, el }) {
    el.style.display = "none";
    publish(model);
  },
};
