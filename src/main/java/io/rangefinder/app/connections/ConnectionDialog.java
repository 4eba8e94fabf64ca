package io.rangefinder.app.connections;

import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.Secret;

import atlantafx.base.theme.Styles;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Add or edit a connection, over the window: kind, how to sign in, the fields that sign-in needs
 * (secrets in masked fields), "Test connection" with its result in place, Save and Cancel.
 */
public final class ConnectionDialog extends StackPane {

    /** How a connection signs in; each shows only the fields it needs. */
    public enum Auth {
        S3_PROFILE(ConnectionProfile.Kind.S3, "AWS profile (~/.aws, SSO)"),
        S3_KEYS(ConnectionProfile.Kind.S3, "Access key + secret key"),
        S3_DEFAULT(ConnectionProfile.Kind.S3, "Default chain (environment, role)"),
        S3_ANONYMOUS(ConnectionProfile.Kind.S3, "No credentials (public buckets)"),
        AZ_CONNECTION_STRING(ConnectionProfile.Kind.AZURE, "Connection string"),
        AZ_SAS(ConnectionProfile.Kind.AZURE, "SAS token"),
        AZ_KEY(ConnectionProfile.Kind.AZURE, "Account name + key"),
        AZ_DEFAULT(ConnectionProfile.Kind.AZURE, "DefaultAzureCredential"),
        GCS_ADC(ConnectionProfile.Kind.GCS, "Application default credentials"),
        GCS_FILE(ConnectionProfile.Kind.GCS, "Service-account JSON file"),
        GCS_ANONYMOUS(ConnectionProfile.Kind.GCS, "No credentials (public buckets, emulators)");

        final ConnectionProfile.Kind kind;
        final String label;

        Auth(ConnectionProfile.Kind kind, String label) {
            this.kind = kind;
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }

        static List<Auth> of(ConnectionProfile.Kind kind) {
            List<Auth> out = new ArrayList<>();
            for (Auth a : values()) {
                if (a.kind == kind) {
                    out.add(a);
                }
            }
            return out;
        }

        static Auth guess(ConnectionProfile p) {
            return switch (p.kind()) {
                case S3 -> p.isAnonymous() ? S3_ANONYMOUS : p.accessKeyId() != null || p.secretAccessKey() != null ? S3_KEYS
                        : p.awsProfile() != null ? S3_PROFILE : S3_DEFAULT;
                case AZURE -> p.connectionString() != null ? AZ_CONNECTION_STRING : p.sasToken() != null ? AZ_SAS
                        : p.accountKey() != null ? AZ_KEY : AZ_DEFAULT;
                case GCS -> p.isAnonymous() ? GCS_ANONYMOUS : p.credentialsFile() != null ? GCS_FILE : GCS_ADC;
                case FILE -> S3_DEFAULT;
            };
        }
    }

    private static final Map<ConnectionProfile.Kind, String> KIND_LABELS = Map.of(
            ConnectionProfile.Kind.S3, "Amazon S3 / S3-compatible",
            ConnectionProfile.Kind.AZURE, "Azure Blob Storage",
            ConnectionProfile.Kind.GCS, "Google Cloud Storage");

    private final ConnectionsViewModel connections;
    private final Label title = new Label();
    final TextField name = field("connName", "e.g. prod-s3");
    final ComboBox<ConnectionProfile.Kind> kind = new ComboBox<>();
    final ComboBox<Auth> auth = new ComboBox<>();
    final ComboBox<String> awsProfile = new ComboBox<>();
    final TextField accessKeyId = field("connAccessKeyId", "AKIA…");
    final PasswordField secretKey = secret("connSecretKey");
    final TextField region = field("connRegion", "us-east-1 (empty: from the profile)");
    final TextField endpoint = field("connEndpoint", "");
    final CheckBox pathStyle = new CheckBox("Path-style addressing (MinIO, Ceph, S3Proxy)");
    final TextField accountName = field("connAccountName", "mystorageaccount");
    final PasswordField accountKey = secret("connAccountKey");
    final PasswordField connectionString = secret("connConnectionString");
    final PasswordField sasToken = secret("connSasToken");
    final TextField credentialsFile = field("connCredentialsFile", "/path/to/service-account.json");
    final TextField projectId = field("connProjectId", "my-project (for listing buckets)");
    final TextField timeout = field("connTimeout", "20 (empty: 20 s)");
    private final GridPane form = new GridPane();
    private final Label hint = new Label();
    private final Label result = new Label();
    private final Label endpointLabel = new Label("Endpoint");
    final Button test = new Button("Test connection", new FontIcon(Feather.ZAP));
    final Button save = new Button("Save");
    private final Button cancel = new Button("Cancel");
    private final Map<Node, Label> labels = new java.util.HashMap<>();
    // every row in order; the grid holds only the rows the chosen sign-in needs (hidden rows would still take a gap)
    private final List<Node> rows = new ArrayList<>();
    private final java.util.Set<Node> hidden = new java.util.HashSet<>();
    private ConnectionProfile editing;
    private TaskExecutor.Handle testing;
    // the form as it was when it last passed "Test connection" (or as saved, when editing): Save needs no question then
    private ConnectionProfile trusted;
    private boolean lastTestFailed;
    // the form as it was when Save warned; Save again on the same form saves it anyway
    private ConnectionProfile warnedAbout;

    ConnectionDialog(ConnectionsViewModel connections, Supplier<List<String>> awsProfiles) {
        this.connections = connections;
        setId("connectionDialog");
        getStyleClass().add("confirm-overlay");
        setVisible(false);
        title.getStyleClass().add(Styles.TITLE_3);
        kind.setId("connKind");
        kind.getItems().setAll(ConnectionProfile.Kind.S3, ConnectionProfile.Kind.AZURE, ConnectionProfile.Kind.GCS);
        kind.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ConnectionProfile.Kind k) {
                return k == null ? "" : KIND_LABELS.get(k);
            }

            @Override
            public ConnectionProfile.Kind fromString(String s) {
                return null;
            }
        });
        auth.setId("connAuth");
        awsProfile.setId("connAwsProfile");
        awsProfile.setEditable(true);
        awsProfile.setPromptText("default");
        awsProfile.setOnShowing(_ -> {
            if (awsProfile.getItems().isEmpty()) {
                awsProfile.getItems().setAll(awsProfiles.get());
            }
        });
        pathStyle.setId("connPathStyle");
        for (Node n : List.of(kind, auth, awsProfile)) {
            ((Region) n).setMaxWidth(Double.MAX_VALUE);
        }

        form.setHgap(10);
        form.setVgap(8);
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(0);
        form.getColumnConstraints().setAll(keys, values);
        int row = 0;
        row = add(row, "Name", name);
        row = add(row, "Kind", kind);
        row = add(row, "Sign in with", auth);
        row = add(row, "AWS profile", awsProfile);
        row = add(row, "Access key id", accessKeyId);
        row = add(row, "Secret access key", secretKey);
        row = add(row, "Connection string", connectionString);
        row = add(row, "Account name", accountName);
        row = add(row, "Account key", accountKey);
        row = add(row, "SAS token", sasToken);
        row = add(row, "Credentials file", credentialsFile);
        row = add(row, "Project", projectId);
        row = add(row, "Region", region);
        labels.put(endpoint, endpointLabel);
        rows.add(endpoint);
        labels.put(pathStyle, null);
        rows.add(pathStyle);
        row = add(row, "Timeout (s)", timeout);
        timeout.setTooltip(new javafx.scene.control.Tooltip("How long a listing, a details read or a delete may wait for "
                + "the server before the window gives up and says so (downloads have their own per-range timeout)"));

        hint.setId("connHint");
        hint.setWrapText(true);
        hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        result.setId("connTestResult");
        result.setWrapText(true);
        result.setMinHeight(Region.USE_PREF_SIZE);
        test.setId("connTest");
        save.setId("connSave");
        save.getStyleClass().add(Styles.ACCENT);
        save.setDefaultButton(true);
        cancel.setId("connCancel");
        cancel.setCancelButton(true);
        test.setOnAction(_ -> runTest());
        save.setOnAction(_ -> save());
        cancel.setOnAction(_ -> hide());
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                hide();
                e.consume();
            }
        });
        kind.valueProperty().addListener((_, _, k) -> {
            if (k != null) {
                auth.getItems().setAll(Auth.of(k));
                auth.setValue(auth.getItems().getFirst());
                updateFields();
            }
        });
        auth.valueProperty().addListener((_, _, _) -> updateFields());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, test, spacer, cancel, save);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox card = new VBox(12, title, form, hint, result, buttons);
        card.getStyleClass().addAll("confirm-card", "connection-card");
        card.setMaxSize(560, Region.USE_PREF_SIZE);
        card.setPrefWidth(560);
        getChildren().add(card);
        setAlignment(Pos.CENTER);
    }

    private int add(int row, String label, Node field) {
        Label l = new Label(label);
        l.setMinWidth(Region.USE_PREF_SIZE);
        labels.put(field, l);
        rows.add(field);
        return row + 1;
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
    }

    private static PasswordField secret(String id) {
        PasswordField f = new PasswordField();
        f.setId(id);
        f.setPromptText("hidden; saved in your system keychain, or the owner-only secrets.json");
        return f;
    }

    /** Opens the dialog for a new connection. */
    void showNew() {
        editing = null;
        title.setText("New connection");
        fill(ConnectionProfile.builder(ConnectionProfile.Kind.S3).build());
        trusted = null;
        show();
    }

    /** Opens the dialog on a saved connection. */
    void showEdit(ConnectionProfile p) {
        editing = p;
        title.setText("Edit “" + p.name() + "”");
        fill(p);
        trusted = unnamed(profile()); // unchanged, it needs no new test to be saved
        show();
    }

    /** Opens the dialog filled in from a discovered connection, to save it as a connection of the user's own. */
    void showSaveDiscovered(ConnectionProfile p) {
        editing = null;
        title.setText("Save “" + p.name() + "” as a connection");
        fill(p);
        trusted = null;
        show();
    }

    private void show() {
        lastTestFailed = false;
        warnedAbout = null;
        save.setText("Save");
        result.setText("");
        result.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS, Styles.WARNING);
        setVisible(true);
        javafx.application.Platform.runLater(name::requestFocus);
    }

    void hide() {
        if (testing != null) {
            testing.cancel();
            testing = null;
        }
        setVisible(false);
        // secrets do not linger in hidden controls
        for (TextInputControl f : List.of(secretKey, accountKey, connectionString, sasToken)) {
            f.clear();
        }
    }

    private void fill(ConnectionProfile p) {
        name.setText(p.name() == null ? "" : p.name());
        kind.setValue(null);
        kind.setValue(p.kind());
        auth.setValue(Auth.guess(p));
        awsProfile.setValue(p.awsProfile());
        accessKeyId.setText(nz(p.accessKeyId()));
        secretKey.setText(p.secretAccessKey() == null ? "" : p.secretAccessKey().reveal());
        region.setText(nz(p.region()));
        endpoint.setText(nz(p.endpoint()));
        pathStyle.setSelected(p.isPathStyle());
        accountName.setText(nz(p.accountName()));
        accountKey.setText(p.accountKey() == null ? "" : p.accountKey().reveal());
        connectionString.setText(p.connectionString() == null ? "" : p.connectionString().reveal());
        sasToken.setText(p.sasToken() == null ? "" : p.sasToken().reveal());
        credentialsFile.setText(nz(p.credentialsFile()));
        projectId.setText(nz(p.projectId()));
        timeout.setText(p.requestTimeout() == null ? "" : seconds(p.requestTimeout()));
        updateFields();
    }

    private void updateFields() {
        Auth a = auth.getValue();
        ConnectionProfile.Kind k = kind.getValue();
        boolean s3 = k == ConnectionProfile.Kind.S3;
        boolean az = k == ConnectionProfile.Kind.AZURE;
        boolean gcs = k == ConnectionProfile.Kind.GCS;
        showRow(awsProfile, a == Auth.S3_PROFILE);
        showRow(accessKeyId, a == Auth.S3_KEYS);
        showRow(secretKey, a == Auth.S3_KEYS);
        showRow(region, s3);
        showRow(pathStyle, s3);
        showRow(connectionString, a == Auth.AZ_CONNECTION_STRING);
        showRow(accountName, az && a != Auth.AZ_CONNECTION_STRING);
        showRow(accountKey, a == Auth.AZ_KEY);
        showRow(sasToken, a == Auth.AZ_SAS);
        showRow(credentialsFile, a == Auth.GCS_FILE);
        showRow(projectId, gcs);
        showRow(endpoint, true);
        showRow(timeout, k != null && k != ConnectionProfile.Kind.FILE);
        layoutRows();
        endpointLabel.setText(gcs ? "Emulator host" : "Endpoint");
        endpoint.setPromptText(s3 ? "empty for AWS; http://127.0.0.1:9000 for MinIO…"
                : az ? "optional, e.g. http://127.0.0.1:10000/devstoreaccount1"
                : "only for emulators, e.g. http://127.0.0.1:4443");
        hint.setText(a == null ? "" : switch (a) {
            case S3_PROFILE -> "Recommended: the profile is a reference; keys, SSO tokens and roles stay in ~/.aws.";
            case S3_DEFAULT, AZ_DEFAULT, GCS_ADC -> "Recommended: nothing secret is saved; credentials come from your "
                    + "environment and CLI logins each time.";
            case GCS_FILE -> "Recommended: only the path is saved; the key stays in its file. A service account can also sign URLs.";
            case S3_ANONYMOUS, GCS_ANONYMOUS -> "No credentials, requests are not signed: for public buckets, "
                    + "emulators and test servers. Listing a public bucket's objects works; listing buckets does not.";
            case S3_KEYS, AZ_CONNECTION_STRING, AZ_SAS, AZ_KEY -> "Prefer a reference (AWS profile, "
                    + "DefaultAzureCredential, credentials file) where you can. Secrets typed here are saved apart from "
                    + "the connection list: in your system keychain where there is one, else in secrets.json, "
                    + "readable only by you.";
        });
    }

    private void showRow(Node field, boolean on) {
        if (on) {
            hidden.remove(field);
        } else {
            hidden.add(field);
        }
    }

    private void layoutRows() {
        form.getChildren().clear();
        int r = 0;
        for (Node field : rows) {
            if (hidden.contains(field)) {
                continue;
            }
            Label l = labels.get(field);
            if (l != null) {
                form.add(l, 0, r);
            }
            form.add(field, 1, r);
            r++;
        }
    }

    /** The profile the form describes: only the fields of the chosen sign-in are kept. */
    ConnectionProfile profile() {
        ConnectionProfile.Kind k = kind.getValue();
        Auth a = auth.getValue();
        ConnectionProfile.Builder b = ConnectionProfile.builder(k).name(name.getText().strip())
                .endpoint(blank(endpoint.getText())).requestTimeout(timeoutValue());
        switch (k) {
            case S3 -> {
                b.region(blank(region.getText())).pathStyle(pathStyle.isSelected() ? Boolean.TRUE : null);
                if (a == Auth.S3_PROFILE) {
                    b.awsProfile(blank(awsProfile.getEditor().getText() != null && awsProfile.isEditable()
                            ? awsProfile.getEditor().getText() : awsProfile.getValue()));
                } else if (a == Auth.S3_KEYS) {
                    b.accessKeyId(blank(accessKeyId.getText())).secretAccessKey(Secret.of(secretKey.getText().strip()));
                } else if (a == Auth.S3_ANONYMOUS) {
                    b.anonymous(true);
                }
            }
            case AZURE -> {
                if (a == Auth.AZ_CONNECTION_STRING) {
                    b.connectionString(Secret.of(connectionString.getText().strip()));
                } else {
                    b.accountName(blank(accountName.getText()));
                    if (a == Auth.AZ_KEY) {
                        b.accountKey(Secret.of(accountKey.getText().strip()));
                    } else if (a == Auth.AZ_SAS) {
                        String sas = sasToken.getText().strip();
                        b.sasToken(Secret.of(sas.startsWith("?") ? sas.substring(1) : sas));
                    }
                }
            }
            case GCS -> {
                b.projectId(blank(projectId.getText()));
                if (a == Auth.GCS_FILE) {
                    b.credentialsFile(blank(credentialsFile.getText()));
                } else if (a == Auth.GCS_ANONYMOUS) {
                    b.anonymous(true);
                }
            }
            case FILE -> {
            }
        }
        return b.build();
    }

    private void runTest() {
        if (testing != null) {
            testing.cancel();
        }
        result.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS, Styles.WARNING);
        result.setText("Testing…");
        ConnectionProfile p = formOrFail();
        if (p == null) {
            return;
        }
        ConnectionProfile tested = unnamed(p);
        testing = connections.test(p, ok -> {
            trusted = tested;
            lastTestFailed = false;
            save.setText("Save");
            result.setText(ok);
            result.getStyleClass().add(Styles.SUCCESS);
        }, message -> {
            trusted = null;
            lastTestFailed = true;
            fail(message);
        });
    }

    /** The name does not change how a connection reaches its store: renaming keeps a passed test. */
    private static ConnectionProfile unnamed(ConnectionProfile p) {
        return p.toBuilder().name(null).build();
    }

    private void fail(String message) {
        result.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS, Styles.WARNING);
        result.getStyleClass().add(Styles.DANGER);
        result.setText(message);
    }

    /** The timeout typed, null when empty (the default); a clear message for anything but a positive number of seconds. */
    private java.time.Duration timeoutValue() {
        String t = timeout.getText() == null ? "" : timeout.getText().strip();
        if (t.isEmpty() || !timeout.isVisible()) {
            return null;
        }
        double secs;
        try {
            secs = Double.parseDouble(t.endsWith("s") ? t.substring(0, t.length() - 1).strip() : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The timeout is a number of seconds, such as 20; “" + t + "” is not.");
        }
        if (!(secs > 0) || secs > 3600) {
            throw new IllegalArgumentException("The timeout must be more than 0 and at most 3600 seconds.");
        }
        return java.time.Duration.ofMillis(Math.round(secs * 1000));
    }

    private static String seconds(java.time.Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    /** The profile of the form, or null after saying what is wrong with it. */
    private ConnectionProfile formOrFail() {
        try {
            return profile();
        } catch (RuntimeException e) {
            fail(e.getMessage());
            return null;
        }
    }

    private void save() {
        ConnectionProfile p = formOrFail();
        if (p == null) {
            return;
        }
        String problem = connections.nameProblem(p, editing);
        if (problem != null) {
            fail(problem);
            return;
        }
        ConnectionProfile form = unnamed(p);
        if (!form.equals(trusted) && !form.equals(warnedAbout)) {
            // a second Save on the same form saves it anyway
            warnedAbout = form;
            result.getStyleClass().removeAll(Styles.DANGER, Styles.SUCCESS);
            result.getStyleClass().add(Styles.WARNING);
            result.setText(lastTestFailed
                    ? "The last test of this connection failed. Press “Save anyway” to keep it as it is, or fix it and test again."
                    : "This connection has not been tested since it was changed. Test it, or press “Save anyway”.");
            save.setText("Save anyway");
            return;
        }
        ConnectionProfile was = editing;
        hide();
        if (was == null) {
            connections.add(p);
        } else {
            connections.update(was, p);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
