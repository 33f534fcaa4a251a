// The smaller tabs of a task: comments, attachments (upload, download, delete) and the people
// involved (candidate groups and users from its identity links, add and remove).
import { del, get, isMissing, post, request } from '../shared/api';
import { clear, h, uid } from '../shared/dom';
import { fmtDateTime, t } from '../shared/i18n';
import type { Task } from './model';

function failure(el: HTMLElement, e: unknown): void {
  clear(el, h('div', { class: 'alert ' + (isMissing(e) ? 'alert-info' : 'alert-error'), role: 'alert' },
    isMissing(e) ? t('error.notAvailable') : t('error.generic', { message: (e as Error).message })));
}

interface Comment { id: string; userId: string; time: string; message: string }

export async function renderComments(panel: HTMLElement, task: Task): Promise<void> {
  const base = `/engine-rest/task/${encodeURIComponent(task.id)}/comment`;
  const list = h('ol', { class: 'comments' });
  const error = h('div');
  const id = uid('comment');
  const text = h('textarea', { id, class: 'input', rows: 3, required: true });
  clear(panel,
    error,
    list,
    h('form', {
      class: 'comment-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (!text.value.trim()) return text.focus();
        try {
          // Camunda's path is /comment/create; a plain POST /comment is accepted as well.
          await post(`${base}/create`, { message: text.value.trim() }).catch((err) =>
            isMissing(err) ? post(base, { message: text.value.trim() }) : Promise.reject(err));
          text.value = '';
          void renderComments(panel, task);
        } catch (err) {
          failure(error, err);
        }
      },
    },
    h('div', { class: 'field' }, h('label', { for: id }, t('comments.new')), text),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('comments.add'))));
  try {
    const comments = await get<Comment[]>(base);
    if (!comments.length) list.replaceWith(h('p', { class: 'muted' }, t('comments.none')));
    for (const c of comments) {
      list.append(h('li', { class: 'comment' },
        h('div', { class: 'comment-head' }, h('strong', null, c.userId), h('span', { class: 'muted small' }, fmtDateTime(c.time))),
        h('p', null, c.message)));
    }
  } catch (e) {
    failure(error, e);
  }
}

interface Attachment { id: string; name: string; description: string | null; type: string | null; url: string | null; createTime?: string }

export async function renderAttachments(panel: HTMLElement, task: Task): Promise<void> {
  const base = `/engine-rest/task/${encodeURIComponent(task.id)}/attachment`;
  const error = h('div');
  const list = h('ul', { class: 'attachments' });
  const fileId = uid('file'), descId = uid('desc');
  const file = h('input', { id: fileId, type: 'file', class: 'input', required: true });
  const desc = h('input', { id: descId, class: 'input' });
  clear(panel, error, list,
    h('form', {
      class: 'attachment-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const f = file.files?.[0];
        if (!f) return file.focus();
        const form = new FormData();
        form.append('attachment-name', f.name);
        form.append('attachment-description', desc.value);
        form.append('attachment-type', f.type || 'application/octet-stream');
        form.append('content', f, f.name);
        try {
          await request(`${base}/create`, { method: 'POST', body: form });
          void renderAttachments(panel, task);
        } catch (err) {
          failure(error, err);
        }
      },
    },
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: fileId }, t('attachments.file')), file),
      h('div', { class: 'field' }, h('label', { for: descId }, t('attachments.description')), desc)),
    h('button', { type: 'submit', class: 'btn btn-primary' }, t('attachments.upload'))));
  try {
    const items = await get<Attachment[]>(base);
    if (!items.length) list.replaceWith(h('p', { class: 'muted' }, t('attachments.none')));
    for (const a of items) {
      list.append(h('li', { class: 'attachment' },
        a.url && /^https?:\/\//i.test(a.url) // a link someone typed: never javascript: or data:
          ? h('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer' }, a.name)
          : h('a', { href: `${base}/${encodeURIComponent(a.id)}/data`, download: a.name }, a.name),
        a.description ? h('span', { class: 'muted small' }, a.description) : null,
        h('button', {
          type: 'button', class: 'btn btn-sm btn-danger', 'aria-label': t('attachments.deleteNamed', { name: a.name }),
          onclick: async () => {
            try {
              await del(`${base}/${encodeURIComponent(a.id)}`);
              void renderAttachments(panel, task);
            } catch (err) {
              failure(error, err);
            }
          },
        }, t('common.delete'))));
    }
  } catch (e) {
    failure(error, e);
  }
}

interface IdentityLink { userId: string | null; groupId: string | null; type: string }

export async function renderPeople(panel: HTMLElement, task: Task): Promise<void> {
  const base = `/engine-rest/task/${encodeURIComponent(task.id)}/identity-links`;
  const error = h('div');
  const groups = h('ul', { class: 'chips' });
  const users = h('ul', { class: 'chips' });
  const kindId = uid('kind'), whoId = uid('who');
  const kind = h('select', { id: kindId, class: 'input' },
    h('option', { value: 'group' }, t('people.group')), h('option', { value: 'user' }, t('people.user')));
  const who = h('input', { id: whoId, class: 'input', autocomplete: 'off', required: true });
  const link = (l: IdentityLink) => (l.groupId ? { groupId: l.groupId, type: 'candidate' } : { userId: l.userId, type: 'candidate' });
  clear(panel, error,
    h('h3', null, t('people.groups')), groups,
    h('h3', null, t('people.users')), users,
    h('form', {
      class: 'people-form',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const id = who.value.trim();
        if (!id) return who.focus();
        try {
          await post(base, kind.value === 'group' ? { groupId: id, type: 'candidate' } : { userId: id, type: 'candidate' });
          void renderPeople(panel, task);
        } catch (err) {
          failure(error, err);
        }
      },
    },
    h('div', { class: 'row' },
      h('div', { class: 'field field-narrow' }, h('label', { for: kindId }, t('people.kind')), kind),
      h('div', { class: 'field' }, h('label', { for: whoId }, t('people.id')), who),
      h('button', { type: 'submit', class: 'btn', style: 'margin-bottom:.9rem' }, t('people.add')))));
  try {
    const links = (await get<IdentityLink[]>(base)).filter((l) => l.type === 'candidate');
    for (const l of links) {
      const name = l.groupId ?? l.userId ?? '';
      (l.groupId ? groups : users).append(h('li', { class: 'chip' }, name,
        h('button', {
          type: 'button', class: 'chip-remove', 'aria-label': t('people.remove', { name }),
          onclick: async () => {
            try {
              await post(`${base}/delete`, link(l));
              void renderPeople(panel, task);
            } catch (err) {
              failure(error, err);
            }
          },
        }, '×')));
    }
    if (!groups.children.length) groups.replaceWith(h('p', { class: 'muted' }, t('people.none')));
    if (!users.children.length) users.replaceWith(h('p', { class: 'muted' }, t('people.none')));
  } catch (e) {
    failure(error, e);
  }
}
