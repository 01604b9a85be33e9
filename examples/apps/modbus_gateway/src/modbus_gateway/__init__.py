from pydoover.docker import run_app

from .app_config import ModbusGatewayConfig
from .application import ModbusGatewayApplication


def main():
    """Run the application."""
    run_app(ModbusGatewayApplication(config=ModbusGatewayConfig()))
