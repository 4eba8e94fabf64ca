package io.rangefinder.app.connections;

import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.app.explorer.ExplorerViewModel;
import io.rangefinder.app.explorer.Location;
import io.rangefinder.app.common.StoreHandle;
import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.ConnectionsFile;
import io.rangefinder.storage.ContainerInfo;
import io.rangefinder.storage.config.CredentialDiscovery;
import io.rangefinder.storage.config.EnvironmentProfiles;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StoreFactory;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sidebar's state: "Local" and the saved connections, which one the explorer shows, and the
 * open stores. Each connection's store opens off the UI thread on first use, is cached while the
 * connection exists, and is closed when the connection is edited, removed or the window closes.
 * Saved connections go through {@link ConnectionsFile}; its problems show in {@link #problemProperty()}.
 * Below them, the credentials the user already has ({@link CredentialDiscovery}: the environment,
 * ~/.aws profiles, ADC) show as <em>discovered</em> connections: usable, savable, never deleted or
 * written to the file; and a typed URI that no saved connection reaches lands on (and shows) one of them.
 */
public final class ConnectionsViewModel {

    public static final String LOCAL_NAME = "Local";

    private final ConnectionProfile local = ConnectionProfile.builder(ConnectionProfile.Kind.FILE).name(LOCAL_NAME).build();
    private final Supplier<? extends ObjectStore> localStores;
    private final Location localStart;
    private final ConnectionsFile file;
    private final TaskExecutor executor;
    private final ExplorerViewModel explorer;
    private final ObservableList<ConnectionProfile> connections = FXCollections.observableArrayList();
    private final ObservableList<ConnectionProfile> readOnly = FXCollections.unmodifiableObservableList(connections);
    private final ReadOnlyObjectWrapper<ConnectionProfile> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final Map<String, StoreHandle> open = new HashMap<>();
    // profiles from the environment for URIs no saved connection matches, one per kind
    private final Map<ConnectionProfile.Kind, ConnectionProfile> environment = new HashMap<>();
    // the discovered connections in the list (by identity: a saved copy may be equal to one), and where each came from
    private final CredentialDiscovery discovery;
    private final Map<ConnectionProfile, String> discovered = Collections.synchronizedMap(new IdentityHashMap<>());

    /** With the credentials of this process's environment and the user's home folder discovered. */
    public ConnectionsViewModel(Supplier<? extends ObjectStore> localStores, Location localStart, ConnectionsFile file,
                                TaskExecutor executor, ExplorerViewModel explorer) {
        this(localStores, localStart, file, executor, explorer, CredentialDiscovery.system());
    }

    /** {@code discovery} finds the credentials to show as discovered connections; it runs off the UI thread. */
    public ConnectionsViewModel(Supplier<? extends ObjectStore> localStores, Location localStart, ConnectionsFile file,
                                TaskExecutor executor, ExplorerViewModel explorer, CredentialDiscovery discovery) {
        this.discovery = discovery;
        this.localStores = localStores;
        this.localStart = localStart;
        this.file = file;
        this.executor = executor;
        this.explorer = explorer;
        ConnectionsFile.Loaded loaded = file.load();
        connections.add(local);
        connections.addAll(loaded.profiles());
        problem.set(loaded.problem() == null ? "" : loaded.problem());
        selected.set(local);
        explorer.setForeignAddressHandler(this::openUri);
        explorer.setTargetStores(uri -> handle(connectionFor(uri)));
        explorer.setConnectionKey(io.rangefinder.bench.TunedSettings.connectionKey(local));
        explorer.useStore(handle(local), ObjectUri.Scheme.FILE, null, localStart);
        executor.submit(_ -> discovery.find(), this::showDiscovered,
                _ -> { }); // discovery reads files that may be missing: it finds nothing rather than fails
    }

    private void showDiscovered(List<CredentialDiscovery.Found> found) {
        for (CredentialDiscovery.Found f : found) {
            addDiscovered(f.profile(), f.source());
        }
    }

    private void addDiscovered(ConnectionProfile p, String source) {
        if (savedNamed(p.name()) != null || discovered.containsKey(p)) {
            return; // saved under this name already: the saved one is what the user sees
        }
        for (ConnectionProfile c : connections) {
            if (discovered.containsKey(c) && c.name().equalsIgnoreCase(p.name())) {
                return;
            }
        }
        discovered.put(p, source);
        connections.add(p);
    }

    private ConnectionProfile savedNamed(String name) {
        for (ConnectionProfile c : connections) {
            if (c != local && !discovered.containsKey(c) && c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /** Whether {@code c} is a discovered connection (shown, not saved). */
    public boolean isDiscovered(ConnectionProfile c) {
        return c != null && discovered.containsKey(c);
    }

    /** Where a discovered connection came from ("AWS_ACCESS_KEY_ID in the environment"), or null for others. */
    public String discoveredFrom(ConnectionProfile c) {
        return c == null ? null : discovered.get(c);
    }

    // ---- selection and browsing ----

    /** Shows the connection's containers (Local: its start folder). */
    public void select(ConnectionProfile connection) {
        if (connection == null) {
            return;
        }
        browse(connection, connection == local ? localStart : Location.ROOT);
    }

    private void browse(ConnectionProfile connection, Location at) {
        selected.set(connection);
        explorer.setConnectionKey(io.rangefinder.bench.TunedSettings.connectionKey(connection));
        explorer.useStore(handle(connection), schemeOf(connection), accountOf(connection), at);
    }

    /** Opens a URI of any store in the explorer, switching to the connection that reaches it. */
    public boolean openUri(ObjectUri uri) {
        ConnectionProfile c = connectionFor(uri);
        if (!connections.contains(c)) {
            // the default chain of the environment: shown, so the user sees which credentials are in use
            addDiscovered(c, "the " + c.kind().name() + " default credential chain (nothing else reaches "
                    + uri.scheme().prefix() + "://" + (uri.scheme() == ObjectUri.Scheme.AZURE ? uri.account() : "") + ")");
        }
        String account = uri.scheme() == ObjectUri.Scheme.AZURE ? uri.account() : null;
        selected.set(c);
        explorer.setConnectionKey(io.rangefinder.bench.TunedSettings.connectionKey(c));
        explorer.useStore(handle(c, account), uri.scheme(), account != null ? account : accountOf(c), Location.ofUri(uri));
        return true;
    }

    /**
     * The connection that reaches {@code uri}: the selected one if it is of that kind (and Azure
     * account), else the first saved one that is, else the discovered one the SDK's default chain
     * would use (environment keys, then AWS_PROFILE or "default"), else one built from the environment.
     */
    public ConnectionProfile connectionFor(ObjectUri uri) {
        ConnectionProfile.Kind kind = ConnectionProfile.Kind.of(uri.scheme());
        if (kind == ConnectionProfile.Kind.FILE) {
            return local;
        }
        ConnectionProfile current = selected.get();
        if (current != null && matches(current, uri)) {
            return current;
        }
        for (ConnectionProfile c : connections) {
            if (!discovered.containsKey(c) && matches(c, uri)) {
                return c;
            }
        }
        for (ConnectionProfile c : connections) {
            if (!discovered.containsKey(c) && c.kind() == kind && kind != ConnectionProfile.Kind.AZURE) {
                return c;
            }
        }
        ConnectionProfile chain = defaultChainDiscovered(uri);
        if (chain != null) {
            return chain;
        }
        return environment.computeIfAbsent(kind, k -> EnvironmentProfiles.from(k, System.getenv())
                .name("environment (" + uri.scheme().prefix() + "://)").build());
    }

    /** The discovered connection the default chain stands for, if discovery found it. */
    private ConnectionProfile defaultChainDiscovered(ObjectUri uri) {
        ConnectionProfile.Kind kind = ConnectionProfile.Kind.of(uri.scheme());
        List<ConnectionProfile> mine = connections.stream().filter(discovered::containsKey)
                .filter(c -> matches(c, uri)).toList();
        if (kind != ConnectionProfile.Kind.S3) {
            return mine.isEmpty() ? null : mine.getFirst();
        }
        String envProfile = discovery.awsProfileFromEnvironment();
        for (String name : new String[] {CredentialDiscovery.AWS_ENVIRONMENT,
                envProfile == null ? null : CredentialDiscovery.AWS_PROFILE_PREFIX + envProfile.strip(),
                CredentialDiscovery.AWS_PROFILE_PREFIX + "default"}) {
            for (ConnectionProfile c : mine) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
        }
        for (ConnectionProfile c : mine) {
            if (c.awsProfile() == null) {
                return c; // an earlier default-chain fallback, already shown
            }
        }
        return null;
    }

    private static boolean matches(ConnectionProfile c, ObjectUri uri) {
        if (c.kind() != ConnectionProfile.Kind.of(uri.scheme())) {
            return false;
        }
        return uri.scheme() != ObjectUri.Scheme.AZURE || uri.account().equals(accountOf(c));
    }

    static ObjectUri.Scheme schemeOf(ConnectionProfile c) {
        return switch (c.kind()) {
            case FILE -> ObjectUri.Scheme.FILE;
            case S3 -> ObjectUri.Scheme.S3;
            case AZURE -> ObjectUri.Scheme.AZURE;
            case GCS -> ObjectUri.Scheme.GCS;
        };
    }

    /** The Azure account a connection reaches (see {@link ConnectionProfile#azureAccount()}). */
    static String accountOf(ConnectionProfile c) {
        return c.azureAccount();
    }

    private StoreHandle handle(ConnectionProfile c) {
        return handle(c, null);
    }

    /** The cached store of a connection (per Azure account for az:// URIs of other accounts). */
    private synchronized StoreHandle handle(ConnectionProfile c, String azureAccount) {
        String key = (discovered.containsKey(c) ? "\u0001" : "") + c.name() + (azureAccount == null ? "" : "\u0000" + azureAccount);
        StoreHandle h = open.get(key);
        if (h == null || h.isClosed()) {
            h = c == local ? new StoreHandle(localStores, LOCAL_NAME) : new StoreHandle(() -> openStore(c, azureAccount), c.name());
            open.put(key, h);
        }
        return h;
    }

    private static ObjectStore openStore(ConnectionProfile c, String azureAccount) {
        return StoreFactory.open(c, azureAccount);
    }

    private synchronized void closeStores(String name) {
        open.entrySet().removeIf(e -> {
            boolean mine = e.getKey().equals(name) || e.getKey().startsWith(name + "\u0000");
            if (mine) {
                e.getValue().close();
            }
            return mine;
        });
    }

    /** Closes every open store (the window closes). */
    public synchronized void close() {
        open.values().forEach(StoreHandle::close);
        open.clear();
    }

    // ---- add, edit, remove ----

    /** A reason the profile cannot be saved under its name, or null. */
    public String nameProblem(ConnectionProfile profile, ConnectionProfile replacing) {
        String name = profile.name() == null ? "" : profile.name().strip();
        if (name.isEmpty()) {
            return "Give the connection a name.";
        }
        for (ConnectionProfile c : connections) {
            if (!discovered.containsKey(c) && !c.equals(replacing) && c.name().equalsIgnoreCase(name)) {
                return "A connection named “" + c.name() + "” already exists.";
            }
        }
        return null;
    }

    /** Adds a connection, saves, and browses it. */
    public void add(ConnectionProfile profile) {
        requireName(profile, null);
        closeStores(profile.name());
        // a discovered connection of that name is now saved: the saved one takes its place
        ConnectionProfile shadowed = null;
        for (ConnectionProfile c : connections) {
            if (discovered.containsKey(c) && c.name().equalsIgnoreCase(profile.name())) {
                shadowed = c;
            }
        }
        int at = firstDiscoveredIndex();
        connections.add(at, profile);
        if (shadowed != null) {
            for (int i = connections.size() - 1; i >= 0; i--) {
                if (connections.get(i) == shadowed) { // by identity: the saved copy may be equal to it
                    connections.remove(i);
                }
            }
            discovered.remove(shadowed);
            if (shadowed == selected.get()) {
                selected.set(null);
            }
        }
        save();
        select(profile);
    }

    /** Replaces {@code old} (its store is closed) and browses the new one. */
    public void update(ConnectionProfile old, ConnectionProfile profile) {
        requireName(profile, old);
        int i = connections.indexOf(old);
        if (i <= 0 || discovered.containsKey(old)) {
            add(profile);
            return;
        }
        closeStores(old.name());
        connections.set(i, profile);
        save();
        select(profile);
    }

    /** Removes a saved connection (never Local) and closes its store; the explorer goes back to Local if it showed it. */
    public void remove(ConnectionProfile profile) {
        if (profile == local || discovered.containsKey(profile) || !connections.remove(profile)) {
            return;
        }
        closeStores(profile.name());
        save();
        if (profile.equals(selected.get())) {
            select(local);
        }
    }

    private void requireName(ConnectionProfile profile, ConnectionProfile replacing) {
        String p = nameProblem(profile, replacing);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    private void save() {
        try {
            file.save(saved());
        } catch (IOException | RuntimeException e) {
            problem.set("Could not save the connections to " + file.file() + ": " + e.getMessage());
        }
    }

    /** The saved connections (without Local and the discovered ones). */
    public List<ConnectionProfile> saved() {
        return connections.stream().filter(c -> c != local && !discovered.containsKey(c)).toList();
    }

    /** Saved connections stay above the discovered ones. */
    private int firstDiscoveredIndex() {
        for (int i = 0; i < connections.size(); i++) {
            if (discovered.containsKey(connections.get(i))) {
                return i;
            }
        }
        return connections.size();
    }

    public boolean isLocal(ConnectionProfile c) {
        return c == local;
    }

    public void dismissProblem() {
        problem.set("");
    }

    // ---- test connection ----

    /**
     * Opens a throwaway store for {@code profile} and lists its containers, off the UI thread;
     * {@code result} gets "OK — 3 buckets" or the store's readable error (never a secret).
     */
    public TaskExecutor.Handle test(ConnectionProfile profile, Consumer<String> ok, Consumer<String> failed) {
        Objects.requireNonNull(profile, "profile");
        return executor.submit(_ -> {
            try (ObjectStore s = openStore(profile, null)) {
                List<ContainerInfo> containers = s.listContainers();
                return containers.size();
            }
        }, n -> ok.accept("OK — " + n + " " + containerWord(profile.kind(), n)),
                failure -> failed.accept(ErrorReport.of("Could not connect", failure).message()));
    }

    static String containerWord(ConnectionProfile.Kind kind, int n) {
        String word = switch (kind) {
            case S3, GCS -> "bucket";
            case AZURE -> "container";
            case FILE -> "folder";
        };
        return n == 1 ? word : word + "s";
    }

    /** A short line for the sidebar, e.g. "S3 · http://127.0.0.1:9000", never a secret. */
    public static String summary(ConnectionProfile c) {
        String kind = c.kind().name().toLowerCase(Locale.ROOT);
        return switch (c.kind()) {
            case FILE -> "this computer";
            case S3 -> "S3 · " + (c.endpoint() != null ? c.endpoint()
                    : c.awsProfile() != null ? "profile " + c.awsProfile() : c.region() != null ? c.region() : "AWS");
            case AZURE -> "Azure · " + Objects.requireNonNullElse(accountOf(c), "account from credentials");
            case GCS -> "GCS · " + (c.endpoint() != null ? c.endpoint() : c.projectId() != null ? c.projectId()
                    : c.credentialsFile() != null ? c.credentialsFile().replaceAll(".*[/\\\\]", "")
                    : c.isAnonymous() ? "no credentials" : "application default credentials");
        };
    }

    // ---- properties ----

    public ObservableList<ConnectionProfile> connections() {
        return readOnly;
    }

    public ReadOnlyObjectProperty<ConnectionProfile> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ConnectionProfile getSelected() {
        return selected.get();
    }

    /** Why the saved connections could not be read or written, "" when all is well. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public ConnectionsFile file() {
        return file;
    }

}
