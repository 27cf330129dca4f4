package org.rrlfn.model.dl4j;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffOutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.rrlfn.model.Engine;
import org.rrlfn.model.arch.GraphContext;
import org.rrlfn.model.arch.ParamLayout;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.arch.RrlfnNetwork;
import org.rrlfn.model.losses.LossConfig;
import org.rrlfn.model.losses.TrainingLoss;
import org.rrlfn.model.torch.TorchStep;

/**
 * The whole RRLFN plus its loss as one DL4J layer, so a {@code ComputationGraph} (and with it DL4J's Spark
 * parameter averaging) trains a SameDiff body. Fields are plain properties because DL4J ships layer
 * configurations as JSON (and Java-serialized) to executors.
 */
public class RrlfnLayer extends SameDiffOutputLayer {
    private static final long serialVersionUID = 1L;
    /** Name of the SR image inside the layer's graph: the layer's activations. */
    public static final String SR = "sr";

    private int scale = 2;
    private int channels = 48;
    private int blocks = 6;
    private int esaChannels = 16;
    private RrlfnConfig.Activation activation = RrlfnConfig.Activation.LEAKY_RELU;
    private double negativeSlope = 0.05;
    private RrlfnConfig.Form form = RrlfnConfig.Form.TRAIN;
    private boolean mergeBranchesInGraph = true;
    /** A registered loss type ({@link org.rrlfn.model.losses.Losses}); older files hold L1 / L1_CONTRASTIVE. */
    private String loss = "l1";
    private double contrastiveWeight = 0.1;
    private double[] contrastiveLambdas = {1, 1};
    private int[] extractorChannels = {16, 16};
    private long extractorSeed;
    /**
     * Where the layer's passes run. How, not what: kept out of the JSON (saved models and their identity do not carry
     * it) but copied by {@link #clone} and Java serialization, so a network built from this configuration on a worker
     * runs on the engine the driver chose.
     */
    @JsonIgnore private Engine engine = Engine.DL4J;
    /** The torch engine's device: cpu, cuda or cuda:N. */
    @JsonIgnore private String torchDevice = "cpu";

    /** For JSON deserialization. */
    public RrlfnLayer() { }

    public RrlfnLayer(RrlfnConfig c, LossConfig l) {
        this(c);
        loss = l.type();
        contrastiveWeight = l.weight();
        contrastiveLambdas = l.lambdas();
        extractorChannels = l.extractorChannels();
        extractorSeed = l.extractorSeed();
    }

    public RrlfnLayer(RrlfnConfig c) {
        scale = c.scale();
        channels = c.channels();
        blocks = c.blocks();
        esaChannels = c.esaChannels();
        activation = c.activation();
        negativeSlope = c.negativeSlope();
        form = c.form();
        mergeBranchesInGraph = c.mergeBranchesInGraph();
    }

    public RrlfnConfig architecture() {
        return new RrlfnConfig(scale, channels, blocks, esaChannels, activation, negativeSlope, form, mergeBranchesInGraph);
    }

    public LossConfig lossConfig() {
        return new LossConfig(loss, contrastiveWeight, contrastiveLambdas, extractorChannels, extractorSeed);
    }

    /** The torch engine's passes over this layer's architecture and loss. */
    public TorchStep torchStep() {
        return new TorchStep(architecture(), lossConfig(), torchDevice);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable lr, SDVariable hr, Map<String, SDVariable> params) {
        long[] s = lr.getShape();
        GraphContext g = new GraphContext(sd, params, architecture(), lr.dataType());
        SDVariable sr = sd.identity(SR, RrlfnNetwork.define(g, lr, s[2], s[3]));
        return TrainingLoss.define(g, lossConfig(), lr, sr, hr, s[2], s[3]);
    }

    @Override
    public String activationsVertexName() { return SR; }

    @Override
    public void defineParameters(SDLayerParams p) {
        for (ParamLayout.Param q : ParamLayout.of(architecture()).params()) {
            if (q.kind() == ParamLayout.Kind.WEIGHT) p.addWeightParam(q.name(), q.shape());
            else p.addBiasParam(q.name(), q.shape());
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        Initialization.pytorchDefault(ParamLayout.of(architecture()), params);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        return InputType.convolutional(c.getHeight() * scale, c.getWidth() * scale, 3);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        SizeAdaptiveOutputLayer layer = new SizeAdaptiveOutputLayer(conf, dataType);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        layer.setListeners(listeners);
        return layer;
    }

    public int getScale() { return scale; }
    public void setScale(int scale) { this.scale = scale; }
    public int getChannels() { return channels; }
    public void setChannels(int channels) { this.channels = channels; }
    public int getBlocks() { return blocks; }
    public void setBlocks(int blocks) { this.blocks = blocks; }
    public int getEsaChannels() { return esaChannels; }
    public void setEsaChannels(int esaChannels) { this.esaChannels = esaChannels; }
    public RrlfnConfig.Activation getActivation() { return activation; }
    public void setActivation(RrlfnConfig.Activation activation) { this.activation = activation; }
    public double getNegativeSlope() { return negativeSlope; }
    public void setNegativeSlope(double negativeSlope) { this.negativeSlope = negativeSlope; }
    public RrlfnConfig.Form getForm() { return form; }
    public void setForm(RrlfnConfig.Form form) { this.form = form; }
    public boolean isMergeBranchesInGraph() { return mergeBranchesInGraph; }
    public void setMergeBranchesInGraph(boolean merge) { this.mergeBranchesInGraph = merge; }
    public String getLoss() { return loss; }
    public void setLoss(String loss) { this.loss = loss; }
    public double getContrastiveWeight() { return contrastiveWeight; }
    public void setContrastiveWeight(double w) { this.contrastiveWeight = w; }
    public double[] getContrastiveLambdas() { return contrastiveLambdas; }
    public void setContrastiveLambdas(double[] l) { this.contrastiveLambdas = l; }
    public int[] getExtractorChannels() { return extractorChannels; }
    public void setExtractorChannels(int[] c) { this.extractorChannels = c; }
    public long getExtractorSeed() { return extractorSeed; }
    public void setExtractorSeed(long s) { this.extractorSeed = s; }
    @JsonIgnore public Engine getEngine() { return engine; }
    @JsonIgnore public String getTorchDevice() { return torchDevice; }

    /** Runs this layer's passes on {@code e} ({@code device}: the torch engine's, cpu or cuda[:N]). */
    public void useEngine(Engine e, String device) {
        this.engine = java.util.Objects.requireNonNull(e, "engine");
        this.torchDevice = java.util.Objects.requireNonNull(device, "device");
    }

    @Override public boolean equals(Object o) {
        return o instanceof RrlfnLayer l && super.equals(o) && architecture().equals(l.architecture())
                && lossConfig().equals(l.lossConfig());
    }

    @Override public int hashCode() { return 31 * (31 * super.hashCode() + architecture().hashCode()) + lossConfig().hashCode(); }

    @Override public RrlfnLayer clone() { return (RrlfnLayer) super.clone(); }
}
