package io.rangefinder.app.connections;

import io.rangefinder.app.explorer.ExplorerViewModel;
import io.rangefinder.app.explorer.Location;
import io.rangefinder.app.testsupport.DirectTaskExecutor;
import io.rangefinder.app.testsupport.DirectoryStore;
import io.rangefinder.storage.config.ConnectionProfile;
import io.rangefinder.storage.config.ConnectionsFile;
import io.rangefinder.storage.config.CredentialDiscovery;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.config.Secret;
import io.rangefinder.testing.S3ProxyServer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which connection a URI lands on, Azure accounts in addresses, and the connections file behind the sidebar. */
class ConnectionsViewModelTest {

    @TempDir
    Path root;
    @TempDir
    Path config;

    private final DirectTaskExecutor executor = new DirectTaskExecutor();
    private ExplorerViewModel explorer;
    private ConnectionsViewModel connections;

    private static final ConnectionProfile S3_A = ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("a").region("us-east-1").build();
    private static final ConnectionProfile S3_B = ConnectionProfile.builder(ConnectionProfile.Kind.S3).name("b").region("eu-west-1").build();
    private static final ConnectionProfile AZ_DEV = ConnectionProfile.builder(ConnectionProfile.Kind.AZURE).name("dev")
            .connectionString(Secret.of("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;"
                    + "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;")).build();

    @BeforeEach
    void setUp() throws Exception {
        DirectoryStore.file(root, "data/x.txt", 3);
        new ConnectionsFile(config).save(List.of(S3_A, S3_B, AZ_DEV));
        DirectoryStore store = new DirectoryStore(root);
        explorer = new ExplorerViewModel(() -> store, executor);
        connections = new ConnectionsViewModel(() -> store, Location.of("data", ""), new ConnectionsFile(config), executor, explorer,
                CredentialDiscovery.none());
    }

    @Test
    void startsOnLocalWithTheSavedConnectionsBelowIt() {
        assertThat(connections.connections()).extracting(ConnectionProfile::name).containsExactly("Local", "a", "b", "dev");
        assertThat(connections.getSelected().name()).isEqualTo("Local");
        assertThat(explorer.getState()).isEqualTo(ExplorerViewModel.State.LOADED);
        assertThat(explorer.addressProperty().get()).isEqualTo("file:///data/");
        assertThat(connections.problemProperty().get()).isEmpty();
    }

    @Test
    void aUriGoesToTheSelectedMatchingConnectionElseTheFirstOfItsKindElseTheEnvironment() {
        assertThat(connections.connectionFor(ObjectUri.parse("s3://bucket/")).name()).isEqualTo("a");
        connections.select(S3_B);
        assertThat(connections.connectionFor(ObjectUri.parse("s3://bucket/")).name()).isEqualTo("b");
        assertThat(connections.connectionFor(ObjectUri.parse("az://devstoreaccount1/box/")).name()).isEqualTo("dev");
        assertThat(connections.connectionFor(ObjectUri.parse("az://otheraccount/box/")).name()).startsWith("environment");
        assertThat(connections.connectionFor(ObjectUri.parse("gs://bucket/")).name()).startsWith("environment");
        assertThat(connections.connectionFor(ObjectUri.parse("file:///tmp/")).name()).isEqualTo("Local");
    }

    @Test
    void azureAddressesCarryTheAccount() {
        assertThat(Location.of("box", "a/").address(ObjectUri.Scheme.AZURE, "devstoreaccount1"))
                .isEqualTo("az://devstoreaccount1/box/a/");
        assertThat(Location.ROOT.address(ObjectUri.Scheme.AZURE, "acct123")).isEqualTo("az://acct123/");
        assertThat(Location.of("bucket", "").address(ObjectUri.Scheme.S3, "ignored")).isEqualTo("s3://bucket/");
        assertThat(ConnectionsViewModel.accountOf(AZ_DEV)).isEqualTo("devstoreaccount1");
        connections.select(AZ_DEV);
        assertThat(explorer.addressProperty().get()).isEqualTo("az://devstoreaccount1/");
    }

    @Test
    void removeAndRenameArePersistedAndNamesStayUnique() throws Exception {
        assertThat(connections.nameProblem(S3_A.toBuilder().name("B").build(), null)).contains("already exists");
        assertThat(connections.nameProblem(S3_A, S3_A)).isNull();
        connections.update(S3_A, S3_A.toBuilder().name("renamed").build());
        connections.remove(S3_B);
        assertThat(new ConnectionsFile(config).load().profiles()).extracting(ConnectionProfile::name)
                .containsExactly("renamed", "dev");
        assertThat(connections.getSelected().name()).isEqualTo("renamed");
    }

    @Test
    void testingAConnectionReportsOkWithTheBucketCountOrTheReadableError() {
        List<String> seen = new ArrayList<>();
        connections.test(S3ProxyServer.get().profile(), ok -> seen.add("ok " + ok), failed -> seen.add("failed " + failed));
        assertThat(seen).singleElement().asString().matches("ok OK — \\d+ buckets?");
        seen.clear();
        connections.test(S3ProxyServer.get().profile().toBuilder().endpoint("not a url").build(),
                ok -> seen.add("ok " + ok), failed -> seen.add("failed " + failed));
        assertThat(seen).singleElement().asString().startsWith("failed ").contains("endpoint")
                .doesNotContain(S3ProxyServer.get().credential());
    }

    @Test
    void aCorruptFileIsReportedInTheSidebarAndKept() throws Exception {
        Files.writeString(config.resolve(ConnectionsFile.FILE_NAME), "{broken");
        DirectoryStore store = new DirectoryStore(root);
        ConnectionsViewModel reopened = new ConnectionsViewModel(() -> store, Location.of("data", ""),
                new ConnectionsFile(config), executor, new ExplorerViewModel(() -> store, executor), CredentialDiscovery.none());
        assertThat(reopened.connections()).extracting(ConnectionProfile::name).containsExactly("Local");
        assertThat(reopened.problemProperty().get()).contains("could not be read").contains("connections.json.corrupt-");
        try (var files = Files.list(config)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("connections.json.corrupt-"));
        }
    }

    @Test
    void discoveredCredentialsAreListedUsedForUrisNeverSavedOrRemoved(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[default]\nregion = us-east-1\n[profile prod]\n");
        DirectoryStore store = new DirectoryStore(root);
        ExplorerViewModel ex = new ExplorerViewModel(() -> store, executor);
        ConnectionsFile file = new ConnectionsFile(config);
        file.save(List.of(AZ_DEV));
        ConnectionsViewModel vm = new ConnectionsViewModel(() -> store, Location.of("data", ""), file, executor, ex,
                new CredentialDiscovery(java.util.Map.of("AWS_PROFILE", "prod",
                        "AZURE_STORAGE_CONNECTION_STRING", "AccountName=envacct;AccountKey=ZW52a2V5;"), home));
        assertThat(vm.connections()).extracting(ConnectionProfile::name)
                .containsExactly("Local", "dev", "AWS profile default", "AWS profile prod", "Azure environment");
        ConnectionProfile prod = vm.connections().get(3);
        assertThat(vm.isDiscovered(prod)).isTrue();
        assertThat(vm.discoveredFrom(prod)).isEqualTo("profile prod in ~/.aws");
        assertThat(vm.isDiscovered(vm.connections().get(1))).isFalse();
        // no saved S3 connection: an s3:// URI takes the profile AWS_PROFILE names, as the SDK would
        assertThat(vm.connectionFor(ObjectUri.parse("s3://bucket/"))).isSameAs(prod);
        assertThat(vm.connectionFor(ObjectUri.parse("az://envacct/box/")).name()).isEqualTo("Azure environment");
        // a URI nothing reaches shows the environment fallback it uses, discovered too
        vm.openUri(ObjectUri.parse("gs://public-bucket/"));
        assertThat(vm.getSelected().name()).startsWith("environment");
        assertThat(vm.connections()).contains(vm.getSelected());
        assertThat(vm.isDiscovered(vm.getSelected())).isTrue();
        // never removed, never written to the file
        vm.remove(prod);
        assertThat(vm.connections()).contains(prod);
        assertThat(vm.saved()).extracting(ConnectionProfile::name).containsExactly("dev");
        assertThat(file.load().profiles()).extracting(ConnectionProfile::name).containsExactly("dev");
        // saved under its name, the saved one replaces it in the list
        vm.add(prod.toBuilder().build());
        assertThat(vm.connections()).extracting(ConnectionProfile::name)
                .containsExactly("Local", "dev", "AWS profile prod", "AWS profile default", "Azure environment",
                        vm.connections().get(5).name());
        assertThat(vm.isDiscovered(vm.connections().get(2))).isFalse();
        assertThat(file.load().profiles()).extracting(ConnectionProfile::name).containsExactly("dev", "AWS profile prod");
    }
}
