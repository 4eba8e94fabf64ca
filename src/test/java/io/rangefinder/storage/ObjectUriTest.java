package io.rangefinder.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.storage.ObjectUri.Scheme;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectUriTest {

    private static ObjectUri uri(Scheme s, String account, String container, String key) {
        return new ObjectUri(s, account, container, key);
    }

    @Test
    void parsesS3Forms() {
        assertThat(ObjectUri.parse("s3://bucket/key")).isEqualTo(uri(Scheme.S3, null, "bucket", "key"));
        assertThat(ObjectUri.parse("s3://bucket")).isEqualTo(uri(Scheme.S3, null, "bucket", ""));
        assertThat(ObjectUri.parse("s3://bucket/")).isEqualTo(uri(Scheme.S3, null, "bucket", ""));
        ObjectUri prefix = ObjectUri.parse("s3://bucket/prefix/");
        assertThat(prefix.key()).isEqualTo("prefix/");
        assertThat(prefix.isPrefix()).isTrue();
        assertThat(ObjectUri.parse("S3://my.bucket_1/a").container()).isEqualTo("my.bucket_1");
    }

    @Test
    void s3KeysAreLiteral() {
        ObjectUri u = ObjectUri.parse("s3://b-1/dir/a b+c%20d#frag?x=1 é😀");
        assertThat(u.key()).isEqualTo("dir/a b+c%20d#frag?x=1 é😀");
        assertThat(u.isPrefix()).isFalse();
        assertThat(ObjectUri.parse(u.toString())).isEqualTo(u);
    }

    @Test
    void parsesGcsAndAzure() {
        assertThat(ObjectUri.parse("gs://my_bucket/obj/x.bin")).isEqualTo(uri(Scheme.GCS, null, "my_bucket", "obj/x.bin"));
        assertThat(ObjectUri.parse("az://acct1/cont/blob/x")).isEqualTo(uri(Scheme.AZURE, "acct1", "cont", "blob/x"));
        assertThat(ObjectUri.parse("az://acct1")).isEqualTo(uri(Scheme.AZURE, "acct1", "", ""));
        assertThat(ObjectUri.parse("az://acct1/")).isEqualTo(uri(Scheme.AZURE, "acct1", "", ""));
        assertThat(ObjectUri.parse("az://acct1/$web/index.html").container()).isEqualTo("$web");
        assertThat(ObjectUri.parse("az://acct1/$root").container()).isEqualTo("$root");
    }

    @Test
    void parsesAzureHttpsUrlDecodingPathAndDroppingSas() {
        String sas = "sv=2024-01-01&sig=SECRETSIGNATURE%3D";
        ObjectUri u = ObjectUri.parse("https://MyAcct.blob.core.windows.net/cont/dir/a%20b%2Bc.txt?" + sas);
        assertThat(u).isEqualTo(uri(Scheme.AZURE, "myacct", "cont", "dir/a b+c.txt"));
        assertThat(u.toString()).isEqualTo("az://myacct/cont/dir/a b+c.txt").doesNotContain("SECRET");
        assertThat(ObjectUri.parse("http://acct.blob.core.windows.net:443/cont/x")).isEqualTo(uri(Scheme.AZURE, "acct", "cont", "x"));
        assertThat(ObjectUri.parse("https://acct.blob.core.windows.net/")).isEqualTo(uri(Scheme.AZURE, "acct", "", ""));
    }

    @Test
    void sasTokenNeverAppearsInErrors() {
        assertThatThrownBy(() -> ObjectUri.parse("https://acct.blob.core.windows.net/BadContainer/x?sig=SECRET"))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("BadContainer")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> ObjectUri.parse("https://example.com/c/x?sig=SECRET"))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("only Azure Blob URLs")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> ObjectUri.parse("https://acct.blob.core.windows.net/c/%zz?sig=SECRET"))
                .hasMessageContaining("percent-escape")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void parsesFileUris() {
        assertThat(ObjectUri.parse("file:///home/u/data/x.bin")).isEqualTo(uri(Scheme.FILE, null, "home", "u/data/x.bin"));
        assertThat(ObjectUri.parse("file:/home/u/data/x.bin")).isEqualTo(uri(Scheme.FILE, null, "home", "u/data/x.bin"));
        assertThat(ObjectUri.parse("file://localhost/home/u/x")).isEqualTo(uri(Scheme.FILE, null, "home", "u/x"));
        assertThat(ObjectUri.parse("file:///")).isEqualTo(uri(Scheme.FILE, null, "", ""));
        assertThat(ObjectUri.parse("file:///tmp/a%20b").displayPath()).isEqualTo("/tmp/a b");
        assertThat(ObjectUri.parse("file:///tmp/%C3%A9+%25").key()).isEqualTo("é+%");
        assertThat(ObjectUri.parse("file:///tmp/dir/").key()).isEqualTo("dir/");
        assertThat(ObjectUri.parse("file:///tmp/x/../y/./z").displayPath()).isEqualTo("/tmp/y/z");
        assertThat(ObjectUri.parse("file:///tmp").toLocalPath()).isEqualTo(Path.of("/tmp"));
    }

    @Test
    void parsesLocalPaths() {
        String home = System.getProperty("user.home");
        String cwd = System.getProperty("user.dir");
        assertThat(ObjectUri.parse("/var/log/syslog")).isEqualTo(uri(Scheme.FILE, null, "var", "log/syslog"));
        assertThat(ObjectUri.parse("~/data/x").toLocalPath()).isEqualTo(Path.of(home, "data", "x"));
        assertThat(ObjectUri.parse("~").toLocalPath()).isEqualTo(Path.of(home));
        assertThat(ObjectUri.parse("sub/dir/../f.txt").toLocalPath()).isEqualTo(Path.of(cwd, "sub", "f.txt"));
        assertThat(ObjectUri.parse("/tmp/folder/").key()).isEqualTo("folder/");
        assertThat(ObjectUri.parse("/")).isEqualTo(uri(Scheme.FILE, null, "", ""));
        assertThat(ObjectUri.parse("/tmp/a b #1?.txt").key()).isEqualTo("a b #1?.txt");
        assertThat(ObjectUri.parse("notes:v2.txt").toLocalPath()).isEqualTo(Path.of(cwd, "notes:v2.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "s3://bucket/key", "s3://bucket", "s3://bucket/prefix/", "s3://b.u-c_k/a b/+%/#?/é😀",
            "s3://bucket//double", "gs://bucket/obj", "az://acct/cont/blob", "az://acct", "az://acct/cont",
            "file:///", "file:///tmp", "file:///tmp/x/", "/tmp/a b/%41/#?/é😀/x+y", "/tmp/dir/",
            "https://acct.blob.core.windows.net/cont/a%23b?sig=x",
    })
    void roundTrips(String text) {
        ObjectUri u = ObjectUri.parse(text);
        assertThat(ObjectUri.parse(u.toString())).isEqualTo(u);
    }

    @Test
    void canonicalForms() {
        assertThat(ObjectUri.parse("/tmp/a b/%41#?").toString()).isEqualTo("file:///tmp/a%20b/%2541%23%3F");
        assertThat(ObjectUri.parse("/tmp/é").toString()).isEqualTo("file:///tmp/é");
        assertThat(ObjectUri.parse("/").toString()).isEqualTo("file:///");
        assertThat(ObjectUri.parse("s3://b-b/").toString()).isEqualTo("s3://b-b");
        assertThat(ObjectUri.parse("az://acct/c-c/").toString()).isEqualTo("az://acct/c-c");
        assertThat(ObjectUri.parse("/tmp/x").displayPath()).isEqualTo("/tmp/x");
    }

    @Test
    void helpers() {
        ObjectUri u = ObjectUri.parse("s3://bucket/a/b/c.txt");
        assertThat(u.name()).isEqualTo("c.txt");
        assertThat(u.parent()).isEqualTo(ObjectUri.parse("s3://bucket/a/b/"));
        assertThat(u.parent().parent()).isEqualTo(ObjectUri.parse("s3://bucket/a/"));
        assertThat(u.parent().parent().name()).isEqualTo("a");
        assertThat(ObjectUri.parse("s3://bucket/a/").parent()).isEqualTo(ObjectUri.parse("s3://bucket"));
        ObjectUri root = ObjectUri.parse("s3://bucket").parent();
        assertThat(root).isEqualTo(uri(Scheme.S3, null, "", ""));
        assertThat(root.parent()).isEqualTo(root);
        assertThat(root.resolve("other")).isEqualTo(ObjectUri.parse("s3://other"));
        assertThat(ObjectUri.parse("az://acct/c-1").parent()).isEqualTo(ObjectUri.parse("az://acct"));
        assertThat(ObjectUri.parse("s3://bucket/a/b").resolve("c")).isEqualTo(ObjectUri.parse("s3://bucket/a/b/c"));
        assertThat(ObjectUri.parse("s3://bucket/a/").resolve("d/")).isEqualTo(ObjectUri.parse("s3://bucket/a/d/"));
        assertThat(ObjectUri.parse("s3://bucket").resolve("x")).isEqualTo(ObjectUri.parse("s3://bucket/x"));
        assertThat(u.withKey("z")).isEqualTo(ObjectUri.parse("s3://bucket/z"));
        assertThat(ObjectUri.parse("s3://bucket").name()).isEqualTo("bucket");
        assertThat(ObjectUri.parse("file:///tmp").parent()).isEqualTo(ObjectUri.parse("/"));
        assertThat(ObjectUri.parse("/").resolve("tmp")).isEqualTo(ObjectUri.parse("/tmp"));
        assertThatThrownBy(() -> ObjectUri.parse("/tmp").resolve(".."))
                .isInstanceOf(StorageException.InvalidArgument.class);
        assertThatThrownBy(() -> ObjectUri.parse("s3://bucket").toLocalPath()).isInstanceOf(IllegalStateException.class);
    }

    private static void assertInvalid(String text, String... fragments) {
        assertThatThrownBy(() -> ObjectUri.parse(text))
                .isInstanceOf(StorageException.InvalidArgument.class)
                .message().contains(fragments);
    }

    @Test
    void errorMessagesSayWhatIsWrongAndWhatIsRight() {
        assertInvalid("", "empty", "s3://bucket/key");
        assertInvalid("   ", "empty");
        assertThatThrownBy(() -> ObjectUri.parse(null)).isInstanceOf(StorageException.InvalidArgument.class);
        assertThatThrownBy(() -> ObjectUri.parse("ftp://x")).hasMessage(
                "unsupported scheme 'ftp' in 'ftp://x': use s3://, az://, gs://, file:// or a local path");
        // "s3://" alone is the bucket list (ls s3://), and round-trips.
        assertThat(ObjectUri.parse("s3://")).isEqualTo(new ObjectUri(ObjectUri.Scheme.S3, null, "", ""));
        assertThat(ObjectUri.parse(ObjectUri.parse("gs://").toString())).isEqualTo(ObjectUri.parse("gs://"));
        assertInvalid("s3:///key", "missing bucket in 's3:///key'", "use s3://bucket/key");
        assertInvalid("s3:bucket/key", "missing '//'", "s3://bucket/key");
        assertInvalid("gs:///o", "missing bucket", "gs://bucket/object");
        assertInvalid("az://", "missing storage account", "az://account/container/blob");
        assertInvalid("az://acct//blob", "missing container", "az://account/container/blob");
        assertInvalid("file://server/share/x", "host 'server'", "file:///absolute/path");
        assertInvalid("file:relative", "absolute path");
        assertInvalid("file:///tmp/a#b", "%23");
        assertInvalid("file:///tmp/%E9", "not valid UTF-8");
    }

    @Test
    void s3BucketRules() {
        assertInvalid("s3://ab/k", "invalid S3 bucket name 'ab'", "2 characters long", "3-63");
        assertInvalid("s3://" + "a".repeat(64), "64 characters long");
        assertInvalid("s3://MyBucket/k", "uppercase", "e.g. s3://my-bucket/key");
        assertInvalid("s3://-bucket/k", "start and end with a letter or digit");
        assertInvalid("s3://bucket-/k", "start and end with a letter or digit");
        assertInvalid("s3://buc$ket/k", "'$'");
        assertInvalid("s3://a..b/k", "'..'");
        assertInvalid("s3://192.168.1.1/k", "IP address");
        assertThat(ObjectUri.parse("s3://my_bucket.v2-x/k").container()).isEqualTo("my_bucket.v2-x");
        assertThat(ObjectUri.parse("s3://" + "a".repeat(63)).container()).hasSize(63);
    }

    @Test
    void gcsBucketRules() {
        assertInvalid("gs://Ab1/o", "invalid GCS bucket name", "uppercase");
        assertInvalid("gs://" + "a".repeat(64) + "/o", "64 characters long");
        assertThat(ObjectUri.parse("gs://" + "a".repeat(60) + "." + "b".repeat(60) + "/o").container()).hasSize(121);
        assertInvalid("gs://" + "a".repeat(64) + ".com/o", "longer than 63");
        assertInvalid("gs://google-x/o".replace("google", "goog"), "'goog'");
        assertInvalid("gs://_abc/o", "start and end");
    }

    @Test
    void azureNameRules() {
        assertInvalid("az://ab/c-1/x", "invalid Azure storage account name 'ab'", "3-24");
        assertInvalid("az://Acct/c-1/x", "uppercase");
        assertInvalid("az://acc-t/c-1/x", "'-'");
        assertInvalid("az://" + "a".repeat(25) + "/c-1", "25 characters");
        assertInvalid("az://acct/a--b/x", "invalid Azure container name 'a--b'", "'--'");
        assertInvalid("az://acct/-abc/x", "start and end");
        assertInvalid("az://acct/ab/x", "2 characters");
        assertInvalid("az://acct/a_b/x", "'_'");
        assertInvalid("az://acct/$other/x", "'$'");
    }

    @Test
    void controlCharactersInKeysAreRejected() {
        assertInvalid("s3://bucket/a\nb", "control character U+000A", "position 1");
        assertInvalid("gs://bucket/a\u0000b", "control character U+0000");
        assertInvalid("/tmp/a\tb", "control character");
        assertThatThrownBy(() -> new ObjectUri(Scheme.S3, null, "bucket", "x\u007f"))
                .isInstanceOf(StorageException.InvalidArgument.class);
        assertThatThrownBy(() -> new ObjectUri(Scheme.S3, null, "bucket", "x".repeat(1025)))
                .hasMessageContaining("1024");
    }

    @Test
    void constructorKeepsInvariants() {
        assertThatThrownBy(() -> new ObjectUri(Scheme.S3, "acct", "bucket", "k")).hasMessageContaining("only az://");
        assertThatThrownBy(() -> new ObjectUri(Scheme.S3, null, "", "k")).hasMessageContaining("missing bucket");
        assertThatThrownBy(() -> new ObjectUri(Scheme.FILE, null, "tmp", "a/../b")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> new ObjectUri(Scheme.FILE, null, "tmp", "/abs")).hasMessageContaining("empty path segment");
        assertThatThrownBy(() -> new ObjectUri(Scheme.FILE, null, "..", "")).hasMessageContaining("'..'");
    }
}
