#define G_LOG_DOMAIN "diplo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "diplo-window.h"

struct _DiploWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  AdwFlap              *flap;
};

G_DEFINE_FINAL_TYPE (DiploWindow, diplo_window, ADW_TYPE_APPLICATION_WINDOW)

DiploWindow *
diplo_window_new (DiploApplication *application)
{
  g_return_val_if_fail (DIPLO_IS_APPLICATION (application), NULL);

  return g_object_new (DIPLO_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
diplo_window_bind_settings (DiploWindow *self)
{
  g_assert (DIPLO_IS_WINDOW (self));

  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
diplo_window_dispose (GObject *object)
{
  DiploWindow *self = DIPLO_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIPLO_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (diplo_window_parent_class)->dispose (object);
}

static void
diplo_window_class_init (DiploWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = diplo_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/diplo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DiploWindow, flap);
}

static void
diplo_window_init (DiploWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  diplo_window_bind_settings (self);
}
