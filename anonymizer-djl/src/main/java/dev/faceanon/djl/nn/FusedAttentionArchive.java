package dev.faceanon.djl.nn;

/**
 * The TorchScript archive of the fused attention operator ({@link OperatorArchive} gives the format):
 * the library's own program, made in memory from the source text {@link #SOURCE} kept here.
 */
final class FusedAttentionArchive {

    /** The class name; {@code data.pkl} names it as {@code __torch__.FusedAttention}. */
    static final String CLASS_NAME = "FusedAttention";

    /**
     * The operator's TorchScript source: {@code scaled_dot_product_attention} with no mask, no
     * dropout and the default scale {@code 1/√d}, d the last axis of the query. The two-space
     * indentation and the annotations are those {@code torch.jit.save} prints for a module class.
     */
    static final String SOURCE = """
            class FusedAttention(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.FusedAttention,
                query: Tensor,
                key: Tensor,
                value: Tensor) -> Tensor:
                return torch.scaled_dot_product_attention(query, key, value)
            """;

    /** Contents of the {@code version} record. */
    static final String FORMAT_VERSION_TEXT = OperatorArchive.FORMAT_VERSION_TEXT;

    /** The archive's root folder; libtorch takes whatever the first entry's folder is. */
    static final String ROOT = "fused_attention/";

    private FusedAttentionArchive() {}

    /** @return the archive, generated anew on each call */
    static byte[] bytes() {
        return OperatorArchive.bytes(ROOT, CLASS_NAME, SOURCE);
    }

    /** @return {@code data.pkl}: a {@code FusedAttention} object with {@code training = False} */
    static byte[] dataPickle() {
        return OperatorArchive.dataPickle(CLASS_NAME);
    }
}
