// The admin's rich-text editor (iceinfo.richtext_widget.RichTextWidget): a django-prose-editor
// preset. It builds the extensions the widget lists in its data attribute, keeps the few
// attributes our sanitiser allows beyond them (lang, hreflang, scope), and stops Tiptap from
// injecting a <style> element, which our Content Security Policy forbids: the same rules ship in
// static/css/richtext-editor.css.
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-iceinfo";

function keep(name) {
  return {
    default: null,
    parseHTML: (element) => element.getAttribute(name),
    renderHTML: (attributes) => (attributes[name] ? { [name]: attributes[name] } : {}),
  };
}

const IceinfoEditor = prose.Extension.create({
  name: "iceinfoEditor",

  onBeforeCreate() {
    // Runs before the view is mounted, where Tiptap would add its <style> element.
    const options = this.editor.options;
    options.injectCSS = false;
    // The field's label names the hidden textarea; give its name to the editable area too.
    const textarea = options.element?.querySelector?.("textarea[id]");
    const label = textarea && document.querySelector(`label[for="${textarea.id}"]`);
    if (label) {
      const name = label.textContent.trim().replace(/:$/, "");
      options.editorProps = { ...options.editorProps, attributes: { ...options.editorProps?.attributes, "aria-label": name } };
    }
  },

  addGlobalAttributes() {
    return [
      { types: ["paragraph", "blockquote"], attributes: { lang: keep("lang") } },
      { types: ["link"], attributes: { lang: keep("lang"), hreflang: keep("hreflang") } },
      { types: ["tableHeader"], attributes: { scope: keep("scope") } },
    ];
  },
});

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE));
  const extensions = [IceinfoEditor];
  for (const [name, options] of Object.entries(config.extensions)) {
    const extension = prose[name];
    if (!extension) {
      console.error(`rich-text editor: unknown extension ${name}`);
    } else {
      extensions.push(options && typeof options === "object" ? extension.configure(options) : extension);
    }
  }
  const editor = prose.createTextareaEditor(textarea, extensions);
  textarea.dispatchEvent(new CustomEvent("prose-editor:ready", { detail: { editor, textarea }, bubbles: true }));
  return editor;
}

prose.initializeEditors(createEditor, `[${ATTRIBUTE}]`);
