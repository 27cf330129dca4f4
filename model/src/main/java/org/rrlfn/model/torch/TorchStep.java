package org.rrlfn.model.torch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rrlfn.model.arch.RrlfnConfig;
import org.rrlfn.model.arch.RrlfnNetwork;
import org.rrlfn.model.losses.LossConfig;
import org.rrlfn.model.losses.TrainingLoss;

/**
 * The torch engine's passes over a network whose parameters live in ND4J arrays (the DL4J layer's views): the
 * parameters enter torch without a copy on the CPU ({@link Torch#wrap}), the gradients are written into the layer's
 * gradient views, and DL4J's updater then applies the step, so the optimizer, its state and its schedule are the
 * same whichever engine computed the gradients. Every pass runs in its own {@code PointerScope}: the tensors, the
 * autograd graph and the native memory they hold are freed when it returns.
 *
 * @param device where the tensors are computed: {@code cpu}, or {@code cuda} / {@code cuda:N}
 */
public record TorchStep(RrlfnConfig config, LossConfig loss, String device) {

    /**
     * The training objective (the sum over the minibatch of each example's loss, DL4J's convention) at these
     * parameters, its gradient written into {@code grads} (same names and shapes); returns the objective.
     */
    public double gradients(Map<String, INDArray> params, Map<String, INDArray> grads, INDArray lr, INDArray hr) {
        Torch.useNativeThreads();
        try (PointerScope scope = new PointerScope()) {
            Device d = new Device(device);
            Map<String, Tensor> p = onDevice(params, d);
            List<Tensor> leaves = new ArrayList<>(p.values());
            for (Tensor t : leaves) t.requires_grad_(true);
            Tensor x = input(lr, d);
            Tensor objective = TrainingLoss.define(loss, config.scale(), x, RrlfnNetwork.forward(new TorchOps(config, p), x),
                    input(hr, d));
            TensorVector g = torch.grad(new TensorVector(objective), new TensorVector(leaves.toArray(new Tensor[0])));
            int i = 0;
            for (String name : p.keySet()) Torch.wrap(grads.get(name)).copy_(g.get(i++));
            return objective.item_double();
        }
    }

    /** The objective alone (no gradient). */
    public double objective(Map<String, INDArray> params, INDArray lr, INDArray hr) {
        Torch.useNativeThreads();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Device d = new Device(device);
            Tensor x = input(lr, d);
            Tensor sr = RrlfnNetwork.forward(new TorchOps(config, onDevice(params, d)), x);
            return TrainingLoss.define(loss, config.scale(), x, sr, input(hr, d)).item_double();
        }
    }

    /** The SR images of lr [N, 3, h, w], written into {@code out} [N, 3, s·h, s·w]. */
    public void output(Map<String, INDArray> params, INDArray lr, INDArray out) {
        RrlfnConfig.checkInputSize(lr.size(2), lr.size(3));
        Torch.useNativeThreads();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Device d = new Device(device);
            Torch.wrap(out).copy_(RrlfnNetwork.forward(new TorchOps(config, onDevice(params, d)), input(lr, d)));
        }
    }

    /** The parameters as tensors on the device, in the given order: the arrays themselves on the CPU, else copies. */
    private static Map<String, Tensor> onDevice(Map<String, INDArray> params, Device d) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        params.forEach((name, a) -> out.put(name, toDevice(Torch.wrap(a), d)));
        return out;
    }

    private static Tensor input(INDArray a, Device d) {
        return Torch.channelsLast(toDevice(Torch.wrap(Torch.shareable(a)), d));
    }

    private static Tensor toDevice(Tensor t, Device d) {
        return d.is_cpu() ? t : t.to(d, t.scalar_type());
    }
}
