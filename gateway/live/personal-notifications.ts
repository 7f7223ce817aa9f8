/**
 * A personal notification as the socket sends it: what the event means to the user
 * (gateway/web/shared/notification-meaning.js), a refused bid also with the status HTTP answers.
 */
import type { Notification } from '../web/shared/notification-meaning.js';

export type PersonalNotification =
  | Exclude<Notification, { readonly kind: 'rejected' }>
  | (Extract<Notification, { readonly kind: 'rejected' }> & { readonly status: number });
